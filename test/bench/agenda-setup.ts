// Setting up the agenda benchmark: many signed-in users (through the real AuthKit sign-in
// against the WorkOS simulator), each with verified numbers and credits, and their schedules
// created through the real API. The worker runs with an APP_URL nobody listens on, so Twilio's
// webhooks go nowhere: the benchmark measures the agenda and the dial, not the conversations.
import type { Api } from "../helpers/api-client.ts";
import type { Stack } from "../helpers/stack.ts";

export const DEAD_APP_URL = "http://127.0.0.1:9";

const cookiesFrom = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

/** The AuthKit sign-in of test/helpers/api-client.ts, with the callback sent to the worker itself. */
async function signIn(workerUrl: string, email: string): Promise<string> {
  const login = await fetch(`${workerUrl}/api/auth/login`, { redirect: "manual" });
  if (login.status !== 302) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const state = cookiesFrom(login).join("; ");
  const authorize = login.headers.get("location")!;
  const html = await (await fetch(authorize)).text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!request) throw new Error("no sign-in form");
  const submit = await fetch(new URL("/sign-in", authorize), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ request, email, name: "Bench" }),
    redirect: "manual",
  });
  const callback = new URL(submit.headers.get("location")!);
  const done = await fetch(`${workerUrl}${callback.pathname}${callback.search}`, { headers: { cookie: state }, redirect: "manual" });
  const session = cookiesFrom(done).find((c) => /cmb_session=./.test(c));
  if (!session) throw new Error(`callback set no session (${done.status})`);
  return session;
}

export interface BenchUser {
  userId: string;
  api: Api;
  numbers: Array<{ id: string; e164: string }>;
}

/** Run `fn` over `items` with at most `n` at a time. */
export async function pool<T, R>(items: T[], n: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

export async function benchUsers(stack: Stack, count: number, numbersEach: number, log: (m: string) => void): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  const run = Date.now().toString(36);
  for (let start = 0; start < count; start += 15) {
    // Sign-in is rate limited per client address (20 per 10 minutes); this is our database.
    await stack.pool.query("delete from rate_limits where key like 'signIn:%'");
    const batch = await pool(Array.from({ length: Math.min(15, count - start) }, (_, i) => start + i), 5, async (i) => {
      const api = withAppOrigin(stack.url, await signIn(stack.url, `agenda-bench-${run}-${i}@example.com`));
      return { api, userId: (await api.json<{ id: string }>("/me")).id };
    });
    for (const b of batch) users.push({ ...b, numbers: [] });
    if (users.length % 200 === 0) log(`signed in ${users.length}/${count}`);
  }
  const all = users.flatMap((u, ui) => Array.from({ length: numbersEach }, (_, k) => ({ userId: u.userId, e164: `+1${String(3000000000 + ui * numbersEach + k)}` })));
  const rows = await stack.pool.query<{ id: string; user_id: string; e164: string }>(
    `insert into phone_numbers (user_id, e164, country, verified_at)
     select x.user_id, x.e164, 'US', now() from jsonb_to_recordset($1::jsonb) as x(user_id uuid, e164 text) returning id, user_id, e164`,
    [JSON.stringify(all.map((a) => ({ user_id: a.userId, e164: a.e164 })))],
  );
  const byUser = new Map(users.map((u) => [u.userId, u]));
  for (const r of rows.rows) byUser.get(r.user_id)!.numbers.push({ id: r.id, e164: r.e164 });
  await stack.pool.query(
    `insert into credit_entries (user_id, kind, amount, ref) select u, 'adjust', 1000000, 'agenda-bench:' || u from unnest($1::uuid[]) as u`,
    [users.map((u) => u.userId)],
  );
  return users;
}

/** An API client whose requests carry the APP_URL as their Origin, as the web app's do. */
function withAppOrigin(workerUrl: string, cookie: string): Api {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${workerUrl}/api${path}`, { method, headers: { cookie, origin: DEAD_APP_URL, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    cookie,
    origin: DEAD_APP_URL,
    get: (p) => call("GET", p),
    post: (p, b) => call("POST", p, b),
    patch: (p, b) => call("PATCH", p, b),
    del: (p) => call("DELETE", p),
    async json<T>(p: string, init: { method?: string; body?: unknown } = {}) {
      const r = await call(init.method ?? "GET", p, init.body);
      const text = await r.text();
      if (!r.ok) throw new Error(`${init.method ?? "GET"} ${p} → ${r.status} ${text}`);
      return JSON.parse(text) as T;
    },
  };
}
