// A signed-in person talking to the API like the web app does: the sealed session cookie
// from a real AuthKit sign-in (through the WorkOS simulator's sign-in page), the app's own
// Origin on every mutation.

export interface Api {
  cookie: string;
  origin: string;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  patch(path: string, body?: unknown): Promise<Response>;
  del(path: string): Promise<Response>;
  json<T = unknown>(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<T>;
}

function cookiesFrom(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]);
}

/** Sign in through /api/auth/login → AuthKit page → callback; returns the session cookie pair. */
export async function signIn(appUrl: string, email: string, name = "Test Person"): Promise<string> {
  const login = await fetch(`${appUrl}/api/auth/login`, { redirect: "manual" });
  if (login.status !== 302) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const stateCookie = cookiesFrom(login).join("; ");
  const authorize = login.headers.get("location")!;
  // AuthKit redirects to its hosted sign-in page; follow it.
  const page = await fetch(authorize, { redirect: "follow" });
  const html = await page.text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!request) throw new Error(`no sign-in form at ${authorize}`);
  const submit = await fetch(new URL("/sign-in", authorize), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ request, email, name }),
    redirect: "manual",
  });
  const callback = submit.headers.get("location");
  if (!callback) throw new Error(`sign-in did not redirect (${submit.status})`);
  const done = await fetch(callback, { headers: { cookie: stateCookie }, redirect: "manual" });
  const session = cookiesFrom(done).find((c) => /cmb_session=./.test(c));
  if (!session) throw new Error(`callback set no session (${done.status}: ${await done.text()})`);
  return session;
}

export function apiClient(appUrl: string, cookie: string): Api {
  const origin = new URL(appUrl).origin;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${appUrl}/api${path}`, {
      method,
      headers: { cookie, origin, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    cookie,
    origin,
    get: (p) => call("GET", p),
    post: (p, b, h) => call("POST", p, b, h),
    patch: (p, b) => call("PATCH", p, b),
    del: (p) => call("DELETE", p),
    async json<T>(p: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
      const r = await call(init.method ?? "GET", p, init.body, init.headers);
      const text = await r.text();
      if (!r.ok) throw new Error(`${init.method ?? "GET"} ${p} → ${r.status} ${text}`);
      return JSON.parse(text) as T;
    },
  };
}

export async function signedInClient(appUrl: string, email: string, name?: string): Promise<Api> {
  return apiClient(appUrl, await signIn(appUrl, email, name));
}
