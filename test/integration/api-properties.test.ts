// Property test over the whole API: for EVERY mutating route in /api/openapi.json, 1,000
// generated requests — mostly schema-shaped bodies full of awkward text, plus unknown fields,
// wrong types, arbitrary JSON, malformed JSON and oversize bodies. No answer may be a 5xx,
// every error has the {"error":{"code","message"}} shape, and text a route accepted reads back
// byte for byte.
import { afterAll, beforeAll, expect, it } from "vitest";
import fc from "fast-check";
import { unstorableText } from "../../core/personas/rules.ts";
import { signedInClient, type Api } from "../helpers/api-client.ts";
import { arbitrary, fetchOpenApi, fillPath, freeTextFields, MUTATING, routes, type Hints, type OpenApiDoc, type Route } from "../helpers/openapi-schema.ts";
import { grantCredits } from "../helpers/call-fixtures.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

const RUNS = Number(process.env.API_PROPERTY_RUNS ?? 1000);
/** Parallel workers, each with its own resources, so writes to one resource never race. */
const WORKERS = 4;

let stack: Stack;
let doc: OpenApiDoc;
type Ids = Record<string, string>;
/** Worker k's own account and resources (accounts apart: system-persona overrides are per user). */
interface Fixture {
  api: Api;
  ids: Ids;
  /** The session cookie as it stands (renewed by the API when the access token expires). */
  cookie: string;
}
const fixtures: Fixture[] = [];

async function fixture(k: number): Promise<Fixture> {
  const api = await signedInClient(stack.appUrl, `fuzz${k}@example.com`, `Fuzz ${k}`);
  const userId = (await api.json<{ id: string }>("/me")).id;
  await grantCredits(stack, userId, 100_000);
  const ids: Ids = { userId };
  ids.persona = (await api.json<{ id: string }>("/personas", { method: "POST", body: { name: `Fuzzed ${k}`, systemPrompt: "p", firstMessage: "f", voiceId: "EXAVITQu4vr4xnSDxMaL" } })).id;
  ids.number = (await stack.pool.query<{ id: string }>("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, $2, 'US', now()) returning id", [userId, `+1415555014${k}`])).rows[0].id;
  ids.schedule = (await api.json<{ id: string }>("/schedules", { method: "POST", body: { personaId: ids.persona, phoneNumberId: ids.number, localTime: "07:30", recurrence: { kind: "daily" } } })).id;
  ids.memoryItem = (await api.json<{ id: string }>(`/memories/${ids.persona}/items`, { method: "POST", body: { text: "likes tea" } })).id;
  ids.call = (await api.json<{ id: string }>("/calls", { method: "POST", body: { personaId: ids.persona, channel: "web", lengthSeconds: 180 } })).id;
  return { api, ids, cookie: api.cookie };
}

beforeAll(async () => {
  stack = await startStack();
  doc = await fetchOpenApi(stack.url);
  for (let k = 0; k < WORKERS; k++) fixtures.push(await fixture(k));
}, 120_000);
afterAll(() => stack?.close());

const hints = (ids: Ids): Hints => ({
  personaId: fc.oneof(fc.constant("brad_001"), fc.constant(ids.persona), fc.constant("p_doesnotexist"), fc.stringMatching(/^[a-z0-9_-]{3,64}$/)),
  phoneNumberId: fc.oneof(fc.constant(ids.number), fc.uuid()),
  voiceId: fc.oneof(fc.constantFrom("EXAVITQu4vr4xnSDxMaL", "21m00Tcm4TlvDq8ikWAM", "pNInz6obpgDQGcFmaJgB"), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/)),
  timeZone: fc.oneof(fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Jerusalem", "Mars/Olympus"), fc.string({ maxLength: 70 })),
  lengthSeconds: fc.oneof(fc.constantFrom(180, 300, 600, 900), fc.integer()),
  number: fc.oneof(fc.constantFrom("+14155550177", "(415) 555-0178", "+44 7700 900123", "+1 900 555 1234", "+972 50-123-4567"), fc.string({ maxLength: 45 })),
  country: fc.oneof(fc.constantFrom("US", "GB", "IL", "JM", "ZZ"), fc.string({ maxLength: 3 })),
});

function paramArb(r: Route, name: string, ids: Ids): fc.Arbitrary<string> {
  if (name === "id" && r.path.startsWith("/personas")) {
    // Your own persona, or a system one (overrides apply only to those).
    return fc.oneof({ weight: 5, arbitrary: fc.constant(ids.persona) }, { weight: 4, arbitrary: fc.constantFrom("brad_001", "sarah_001", "alex_001") }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 80 }) });
  }
  const own = name === "personaId" ? ids.persona : name === "itemId" ? ids.memoryItem : name === "id" && r.path.startsWith("/phone-numbers") ? ids.number : name === "id" && r.path.startsWith("/schedules") ? ids.schedule : name === "id" ? ids.call : "cs_test_x";
  // Mostly the user's own resource (so handlers run deep), sometimes anything.
  return fc.oneof({ weight: 8, arbitrary: fc.constant(own) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 80 }) });
}

interface Attempt {
  path: string;
  raw: string;
  contentType: string;
  body?: unknown;
}

function attemptArb(r: Route, ids: Ids): fc.Arbitrary<Attempt> {
  const pathArb = fc.record(Object.fromEntries(r.params.map((p) => [p, paramArb(r, p, ids)]))).map((v) => fillPath(r.path, v));
  const shaped: fc.Arbitrary<unknown> = r.body ? arbitrary(r.body, doc, hints(ids)) : fc.constant({});
  const withUnknown = shaped.chain((b) => fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue()).map(([k, v]) => (typeof b === "object" && b !== null && !Array.isArray(b) ? { ...b, [`x_${k}`]: v } : b)));
  const wrongType = shaped.chain((b) =>
    fc.tuple(fc.nat(), fc.jsonValue()).map(([i, v]) => {
      if (typeof b !== "object" || b === null || Array.isArray(b)) return v;
      const keys = Object.keys(b);
      return keys.length ? { ...b, [keys[i % keys.length]]: v } : v;
    }),
  );
  const json = (a: fc.Arbitrary<unknown>) => a.map((body) => ({ raw: JSON.stringify(body) ?? "null", contentType: "application/json", body }));
  const bodyArb = fc.oneof(
    { weight: 12, arbitrary: json(shaped) },
    { weight: 2, arbitrary: json(withUnknown) },
    { weight: 2, arbitrary: json(wrongType) },
    { weight: 1, arbitrary: json(fc.jsonValue()) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map((raw) => ({ raw, contentType: "application/json" })) },
    { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1").chain((contentType) => json(shaped).map((j) => ({ ...j, contentType, body: undefined }))) },
    { weight: 1, arbitrary: fc.nat({ max: 4 }).map((n) => ({ raw: `{"a":"${"x".repeat(140_000 + n)}"}`, contentType: "application/json" })) },
  );
  return fc.tuple(pathArb, bodyArb).map(([path, b]) => ({ path, ...b }));
}

/**
 * Text that is deliberately rewritten before it is stored, and why. Memory items end up inside
 * the persona's prompt, so core/memory/sanitize.ts folds whitespace, strips control characters
 * and neutralises prompt markers, links and phone numbers; a phone number is stored as E.164.
 */
const SANITISED = new Set(["POST /memories/{personaId}/items text", "PATCH /memories/{personaId}/items/{itemId} text", "POST /phone-numbers number"]);

function strings(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof v === "string") out.add(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (typeof v === "object" && v !== null) for (const x of Object.values(v)) strings(x, out);
  return out;
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

// Deleting the account would end the run; it is covered by the account-deletion test.
const targets = () => routes(doc).filter((r) => MUTATING.has(r.method) && !(r.method === "DELETE" && r.path === "/me"))
  // Deletions last, so the resources they remove served every other route first.
  .sort((x, y) => Number(x.method === "DELETE") - Number(y.method === "DELETE"));

it("every mutating route survives 1,000 generated bodies: no 5xx, errors well-formed, text byte-exact", { timeout: 3_600_000 }, async () => {
  const all = targets();
  expect(all.length).toBeGreaterThan(20);
  const failures: string[] = [];
  const summary: string[] = [];
  for (const r of all) {
    const seed = 20261125 + r.path.length * 31 + r.method.length;
    // Worker k works on fixtures[k] only; its requests run one after another.
    const lanes = fixtures.map((fx, k) => ({ fx, attempts: fc.sample(attemptArb(r, fx.ids), { seed: seed + k, numRuns: Math.ceil(RUNS / WORKERS) }) }));
    // Previews store nothing; ids are references, not text; some text is sanitised on purpose.
    const text = r.path.endsWith("/preview") ? [] : freeTextFields(r.body, doc).filter((f) => !/Id$/.test(f) && !SANITISED.has(`${r.method} ${r.path} ${f}`));
    const counts = new Map<number, number>();
    let roundTrips = 0;
    const one = async (lane: (typeof lanes)[number], a: Attempt) => {
      const res = await fetch(`${stack.url}/api${a.path}`, { method: r.method, headers: { cookie: lane.fx.cookie, origin: lane.fx.api.origin, "content-type": a.contentType }, body: a.raw });
      // Like a browser: keep the refreshed session (refresh tokens rotate; the old one is spent).
      const renewed = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => /^cmb_session=./.test(c));
      if (renewed) lane.fx.cookie = renewed;
      const raw = await res.text();
      counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
      const where = `${r.method} ${r.path} (${a.path.slice(0, 60)}) body ${a.raw.slice(0, 160)}`;
      if (res.status >= 500) return void failures.push(`${where} → ${res.status} ${raw.slice(0, 200)}`);
      let json: unknown;
      try {
        json = raw ? JSON.parse(raw) : undefined;
      } catch {
        if (res.headers.get("content-type")?.includes("json")) failures.push(`${where} → ${res.status} unparseable JSON`);
      }
      if (res.status >= 400) {
        const e = typeof json === "object" && json !== null && "error" in json ? json.error : undefined;
        if (typeof e !== "object" || e === null || !("code" in e) || !("message" in e) || typeof e.code !== "string" || typeof e.message !== "string") failures.push(`${where} → ${res.status} error not shaped {"error":{"code","message"}}: ${raw.slice(0, 120)}`);
        return;
      }
      // Accepted: every free-text field sent comes back exactly as sent.
      if (typeof a.body === "object" && a.body !== null && !Array.isArray(a.body) && json !== undefined) {
        const back = strings(json);
        for (const f of text) {
          const sent = (a.body as Record<string, unknown>)[f];
          if (typeof sent === "string" && !back.has(sent)) failures.push(`${where} → ${res.status}: "${f}" did not read back byte-exact (sent ${JSON.stringify(sent).slice(0, 80)})`);
          else if (typeof sent === "string") roundTrips++;
        }
      }
    };
    await Promise.all(
      lanes.map(async (lane) => {
        for (const a of lane.attempts) await one(lane, a);
      }),
    );
    // Oversize bodies are part of every route's mix: each must have met the size limit.
    if (!counts.has(413)) failures.push(`${r.method} ${r.path}: no oversize body was refused with 413`);
    summary.push(`${r.method} ${r.path}: ${[...counts].sort((x, y) => x[0] - y[0]).map(([s, n]) => `${s}×${n}`).join(" ")}${text.length ? ` · ${roundTrips} text round-trips` : ""}`);
    if (failures.length > 20) break;
  }
  console.log(summary.join("\n"));
  expect(failures.slice(0, 20)).toEqual([]);
});

it("a stored persona's text reads back byte-exact through GET, for 1,000 generated texts", { timeout: 600_000 }, async () => {
  const chars = (s: string) => [...s].length;
  const text = fc.record({
    name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0 && chars(s) <= 60),
    tagline: fc.string({ unit: "grapheme", maxLength: 140 }).filter((s) => chars(s) <= 140),
    systemPrompt: fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 400 }), fc.string({ unit: "binary", minLength: 1, maxLength: 400 })).filter((s) => s.trim().length > 0 && unstorableText(s) === undefined),
  });
  const texts = fc.sample(text, { seed: 7, numRuns: RUNS });
  const bad: string[] = [];
  // A fresh account: the fuzzing above filled the others' persona allowance.
  const api = await signedInClient(stack.appUrl, "exact@example.com", "Exact");
  const own = await Promise.all(Array.from({ length: WORKERS }, (_, k) => api.json<{ id: string }>("/personas", { method: "POST", body: { name: `Exact ${k}`, systemPrompt: "p", firstMessage: "f", voiceId: "EXAVITQu4vr4xnSDxMaL" } })));
  let next = 0;
  await pool(texts, WORKERS, async (t) => {
    const id = own[next++ % WORKERS].id;
    const res = await api.patch(`/personas/${id}`, t);
    if (res.status !== 200) return void bad.push(`PATCH → ${res.status} ${await res.text()} for ${JSON.stringify(t).slice(0, 120)}`);
    await res.arrayBuffer();
  });
  // Then write-and-read one at a time: what GET returns is exactly what was sent.
  for (const t of texts.slice(0, 200)) {
    await api.json(`/personas/${own[0].id}`, { method: "PATCH", body: t });
    const back = await api.json<{ name: string; tagline: string; systemPrompt: string }>(`/personas/${own[0].id}`);
    if (back.name !== t.name || back.tagline !== t.tagline || back.systemPrompt !== t.systemPrompt) bad.push(`read back differs for ${JSON.stringify(t).slice(0, 120)}`);
  }
  expect(bad.slice(0, 10)).toEqual([]);
});
