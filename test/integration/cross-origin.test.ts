// Cross-site requests: every mutating route (from /api/openapi.json, plus sign-out) refuses a
// request that carries the victim's cookie but another site's Origin — as JSON, as a form and
// as text/plain (the bodies a foreign page can send without a preflight) — and nothing changes.
// CORS answers only the app's own origin, and never `Access-Control-Allow-Origin: *`.
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import fc from "fast-check";
import { signedInClient, type Api } from "../helpers/api-client.ts";
import { fetchOpenApi, fillPath, minimalSample, MUTATING, routes, type OpenApiDoc } from "../helpers/openapi-schema.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
let doc: OpenApiDoc;
let a: Api;
const ids: Record<string, string> = {};
const EVIL = "https://evil.example";

beforeAll(async () => {
  stack = await startStack();
  doc = await fetchOpenApi(stack.url);
  a = await signedInClient(stack.appUrl, "victim@example.com", "Victim");
  ids.userId = (await a.json<{ id: string }>("/me")).id;
  ids.persona = (await a.json<{ id: string }>("/personas", { method: "POST", body: { name: "Mine", systemPrompt: "p", firstMessage: "f", voiceId: "EXAVITQu4vr4xnSDxMaL" } })).id;
  const n = await stack.pool.query<{ id: string }>("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, '+14155550133', 'US', now()) returning id", [ids.userId]);
  ids.number = n.rows[0].id;
  ids.schedule = (await a.json<{ id: string }>("/schedules", { method: "POST", body: { personaId: ids.persona, phoneNumberId: ids.number, localTime: "07:30", recurrence: { kind: "daily" } } })).id;
  ids.memoryItem = (await a.json<{ id: string }>(`/memories/${ids.persona}/items`, { method: "POST", body: { text: "likes tea" } })).id;
  ids.call = (await a.json<{ id: string }>("/calls", { method: "POST", body: { personaId: ids.persona, channel: "web", lengthSeconds: 180 } })).id;
}, 120_000);
afterAll(() => stack?.close());

function paramValues(path: string): Record<string, string> {
  return {
    id: path.startsWith("/personas") ? ids.persona : path.startsWith("/phone-numbers") ? ids.number : path.startsWith("/schedules") ? ids.schedule : ids.call,
    personaId: ids.persona,
    itemId: ids.memoryItem,
    sessionId: "cs_test_unknown",
    voiceId: "EXAVITQu4vr4xnSDxMaL",
  };
}

function asForm(body: unknown): string {
  const form = new URLSearchParams();
  if (typeof body === "object" && body !== null) for (const [k, v] of Object.entries(body)) form.set(k, typeof v === "string" ? v : JSON.stringify(v));
  return form.toString();
}

it("refuses every mutating route from a foreign origin, whatever the body type", async () => {
  const targets = routes(doc)
    .filter((r) => MUTATING.has(r.method))
    .map((r) => ({ method: r.method, path: fillPath(r.path, paramValues(r.path)), body: r.body ? minimalSample(r.body, doc, { personaId: fc.constant(ids.persona), phoneNumberId: fc.constant(ids.number), localTime: fc.constant("09:00"), recurrence: fc.constant({ kind: "daily" }), text: fc.constant("x"), name: fc.constant("x") }) : {} }));
  targets.push({ method: "POST", path: "/auth/logout", body: {} });
  expect(targets.length).toBeGreaterThan(20);
  const problems: string[] = [];
  for (const t of targets) {
    const variants: Array<[string, string, string]> = [
      ["application/json", JSON.stringify(t.body), EVIL],
      ["application/x-www-form-urlencoded", asForm(t.body), EVIL],
      ["text/plain", JSON.stringify(t.body), EVIL],
      ["text/plain", JSON.stringify(t.body), "null"],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n`, "http://127.0.0.1.evil.example"],
    ];
    for (const [type, body, origin] of variants) {
      const res = await fetch(`${stack.url}/api${t.path}`, { method: t.method, headers: { cookie: a.cookie, origin, "content-type": type }, body });
      const text = await res.text();
      if (res.status !== 403) problems.push(`${t.method} ${t.path} [${type}, Origin ${origin}] → ${res.status} ${text.slice(0, 120)}`);
      if (res.headers.get("access-control-allow-origin") !== null) problems.push(`${t.method} ${t.path} answered a foreign origin with CORS headers`);
    }
  }
  expect(problems).toEqual([]);
});

it("changed nothing: the victim is still signed in and has everything", async () => {
  expect((await a.get("/me")).status).toBe(200);
  expect((await a.get(`/personas/${ids.persona}`)).status).toBe(200);
  expect((await a.get(`/schedules/${ids.schedule}`)).status).toBe(200);
  expect(JSON.stringify(await a.json("/phone-numbers"))).toContain(ids.number);
  expect(JSON.stringify(await a.json(`/memories/${ids.persona}`))).toContain("likes tea");
});

it("answers CORS only for the app's own origin, with credentials and never *", async () => {
  const own = new URL(stack.appUrl).origin;
  const seen: Array<string | null> = [];
  for (const r of routes(doc).filter((x) => x.method === "GET")) {
    const path = fillPath(r.path, paramValues(r.path));
    for (const origin of [own, EVIL]) {
      const res = await fetch(`${stack.url}/api${path}`, { headers: { cookie: a.cookie, origin } });
      await res.arrayBuffer();
      const acao = res.headers.get("access-control-allow-origin");
      seen.push(acao);
      if (origin === own) {
        expect(acao, path).toBe(own);
        expect(res.headers.get("access-control-allow-credentials"), path).toBe("true");
      } else expect(acao, path).toBeNull();
    }
  }
  expect(seen).not.toContain("*");
  const pre = (origin: string) => fetch(`${stack.url}/api/personas`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
  const bad = await pre(EVIL);
  expect(bad.status).toBe(403);
  expect(bad.headers.get("access-control-allow-origin")).toBeNull();
  const good = await pre(own);
  expect(good.status).toBe(204);
  expect(good.headers.get("access-control-allow-origin")).toBe(own);
});

it("refuses the owner's call sockets from a foreign origin", async () => {
  for (const kind of ["live", "web"]) {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${stack.url.replace("http", "ws")}/api/calls/${ids.call}/${kind}`, { headers: { cookie: a.cookie, origin: EVIL } });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => {
        ws.close();
        resolve(101);
      });
      ws.on("error", () => resolve(-1));
    });
    expect(status, kind).toBe(403);
  }
});
