// Tenant isolation, enumerated from /api/openapi.json: for EVERY route with a path parameter,
// user B asking for user A's resource gets 404 (or 403) and never A's data; every list and
// every other answer B gets is free of A's rows; B's attempts changed nothing of A's. A route
// added without a fixture below fails this test until it gets one.
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import fc from "fast-check";
import { signedInClient, type Api } from "../helpers/api-client.ts";
import { fetchOpenApi, fillPath, minimalSample, routes, type OpenApiDoc, type Route } from "../helpers/openapi-schema.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
let doc: OpenApiDoc;
let a: Api;
let b: Api;
const A: Record<string, string> = {};
const B: Record<string, string> = {};

async function addNumber(api: Api, e164: string): Promise<string> {
  const me = await api.json<{ id: string }>("/me");
  const r = await stack.pool.query<{ id: string }>("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, $2, 'US', now()) returning id", [me.id, e164]);
  return r.rows[0].id;
}

async function resources(api: Api, tag: string, e164: string, out: Record<string, string>): Promise<void> {
  out.userId = (await api.json<{ id: string }>("/me")).id;
  out.personaName = `Persona-${tag}-${crypto.randomUUID().slice(0, 8)}`;
  out.persona = (await api.json<{ id: string }>("/personas", { method: "POST", body: { name: out.personaName, systemPrompt: `secret prompt of ${tag}`, firstMessage: "Hi!", voiceId: "EXAVITQu4vr4xnSDxMaL" } })).id;
  await api.json("/personas/sarah_001/override", { method: "PUT", body: { systemPrompt: `override of ${tag}` } });
  out.e164 = e164;
  out.number = await addNumber(api, e164);
  out.schedule = (await api.json<{ id: string }>("/schedules", { method: "POST", body: { personaId: out.persona, phoneNumberId: out.number, localTime: "07:30", recurrence: { kind: "daily" } } })).id;
  out.memoryText = `memory of ${tag} ${crypto.randomUUID().slice(0, 8)}`;
  out.memoryItem = (await api.json<{ id: string }>(`/memories/${out.persona}/items`, { method: "POST", body: { text: out.memoryText } })).id;
  out.call = (await api.json<{ id: string }>("/calls", { method: "POST", body: { personaId: out.persona, channel: "web", lengthSeconds: 180 } })).id;
  const checkout = await api.json<{ url: string }>("/billing/checkout", { method: "POST", body: { product: "pack" } });
  out.checkoutSession = /cs_[A-Za-z0-9_]+/.exec(checkout.url)![0];
}

beforeAll(async () => {
  stack = await startStack();
  doc = await fetchOpenApi(stack.url);
  a = await signedInClient(stack.appUrl, "tenant-a@example.com", "Alice Tenant");
  b = await signedInClient(stack.appUrl, "tenant-b@example.com", "Bob Tenant");
  await resources(a, "A", "+14155550111", A);
  await resources(b, "B", "+14155550122", B);
}, 120_000);
afterAll(() => stack?.close());

/** Which of A's resources each path parameter names. "shared": a catalogue, not anyone's. */
function aParams(r: Route): Record<string, string> | "shared" {
  const p = r.path;
  if (p.startsWith("/voices/")) return "shared";
  const v: Record<string, string> = {};
  for (const name of r.params) {
    if (name === "personaId" || (name === "id" && p.startsWith("/personas/"))) v[name] = A.persona;
    else if (name === "itemId") v[name] = A.memoryItem;
    else if (name === "id" && p.startsWith("/phone-numbers/")) v[name] = A.number;
    else if (name === "id" && p.startsWith("/schedules/")) v[name] = A.schedule;
    else if (name === "id" && /^\/(admin\/(money\/)?)?calls\//.test(p)) v[name] = A.call;
    else if (name === "sessionId" && p.startsWith("/billing/checkout/")) v[name] = A.checkoutSession;
    else throw new Error(`tenant-isolation: no fixture for {${name}} in ${r.method} ${p} — add one to aParams() and resources()`);
  }
  return v;
}

/** B's body for a route: valid, and referring to B's own things (so a 404 is about A's resource). */
function bBody(r: Route): unknown {
  if (!r.body) return undefined;
  return minimalSample(r.body, doc, {
    name: fc.constant("B's edit"),
    personaId: fc.constant(B.persona),
    phoneNumberId: fc.constant(B.number),
    voiceId: fc.constant("EXAVITQu4vr4xnSDxMaL"),
    timeZone: fc.constant("Europe/Berlin"),
    localTime: fc.constant("08:15"),
    recurrence: fc.constant({ kind: "daily" }),
    favourite: fc.constant(true),
    code: fc.constant("123456"),
    product: fc.constant("single"),
    text: fc.constant("hello"),
  });
}

function secretsOfA(): string[] {
  return [A.userId, A.persona, A.personaName, "secret prompt of A", "override of A", A.e164, A.e164.slice(2), A.number, A.schedule, A.memoryItem, A.memoryText, A.call, A.checkoutSession, "tenant-a@example.com", "Alice Tenant"];
}

function leaks(text: string): string[] {
  return secretsOfA().filter((s) => text.includes(s));
}

it("B gets 404 or 403 for each of A's resources on every route, and A's data never appears", async () => {
  const all = routes(doc);
  expect(all.length).toBeGreaterThan(20);
  const problems: string[] = [];
  let checked = 0;
  for (const r of all.filter((x) => x.params.length > 0)) {
    const params = aParams(r);
    if (params === "shared") continue;
    const path = fillPath(r.path, params);
    const res = await fetch(`${stack.url}/api${path}`, {
      method: r.method,
      headers: { cookie: b.cookie, origin: b.origin, ...(r.body ? { "content-type": "application/json" } : {}) },
      body: r.body ? JSON.stringify(bBody(r)) : undefined,
    });
    const text = await res.text();
    checked++;
    if (res.status !== 404 && res.status !== 403) problems.push(`${r.method} ${r.path} → ${res.status} ${text.slice(0, 200)}`);
    const leaked = leaks(text);
    if (leaked.length) problems.push(`${r.method} ${r.path} leaked ${leaked.join(", ")}`);
  }
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(15);
});

it("no list or other answer B gets contains A's rows, and B can't point its own requests at A's things", async () => {
  const problems: string[] = [];
  for (const r of routes(doc).filter((x) => x.params.length === 0)) {
    let body: unknown;
    if (r.body) {
      // Refer to A's persona and number where the body takes them.
      body = minimalSample(r.body, doc, { personaId: fc.constant(A.persona), phoneNumberId: fc.constant(A.number), localTime: fc.constant("08:15"), recurrence: fc.constant({ kind: "daily" }), timeZone: fc.constant("UTC") });
    }
    if (r.method === "DELETE" && r.path === "/me") continue; // B deleting itself proves nothing here
    const res = await fetch(`${stack.url}/api${r.path}`, {
      method: r.method,
      headers: { cookie: b.cookie, origin: b.origin, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const leaked = leaks(text);
    if (leaked.length) problems.push(`${r.method} ${r.path} → ${res.status} leaked ${leaked.join(", ")}`);
    const refersToA = typeof body === "object" && body !== null && ("personaId" in body || "phoneNumberId" in body);
    if (refersToA && res.ok && (r.path === "/calls" || r.path === "/schedules")) problems.push(`${r.method} ${r.path} accepted A's persona/number: ${res.status} ${text.slice(0, 200)}`);
  }
  expect(problems).toEqual([]);
});

it("B can't open A's live or web-call sockets", async () => {
  for (const kind of ["live", "web"]) {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${stack.url.replace("http", "ws")}/api/calls/${A.call}/${kind}`, { headers: { cookie: b.cookie, origin: b.origin } });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => {
        ws.close();
        resolve(101);
      });
      ws.on("error", () => resolve(-1));
    });
    expect(status, kind).toBe(404);
  }
});

it("after all of B's attempts, A's resources are all still there and unchanged", async () => {
  expect((await a.json<{ name: string; systemPrompt: string }>(`/personas/${A.persona}`)).systemPrompt).toBe("secret prompt of A");
  expect((await a.json<{ override: { systemPrompt: string } }>("/personas/sarah_001")).override.systemPrompt).toBe("override of A");
  expect((await a.json<{ phoneNumbers: Array<{ id: string }> }>("/phone-numbers")).phoneNumbers.map((n) => n.id)).toContain(A.number);
  expect((await a.get(`/schedules/${A.schedule}`)).status).toBe(200);
  expect(JSON.stringify(await a.json(`/memories/${A.persona}`))).toContain(A.memoryText);
  expect((await a.json<{ call: { id: string } }>(`/calls/${A.call}`)).call.id).toBe(A.call);
  // And B's own lists hold B's rows (the fixtures are real, the checks above meaningful).
  expect(JSON.stringify(await b.json("/personas"))).toContain(B.persona);
  expect(JSON.stringify(await b.json("/calls"))).toContain(B.call);
});
