// Every fault mode through the control API, on the HTTP simulators: Cerebras, WorkOS, Stripe.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./sim-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.control("POST", "/reset"));

type Provider = "cerebras" | "workos" | "stripe";

// One ordinary request per simulator, and the shape its 5xx body must have.
const REQUESTS: Record<Provider, { path: string; init: RequestInit; body503: (b: unknown) => void }> = {
  cerebras: {
    path: "/v1/chat/completions",
    init: { method: "POST", headers: { authorization: "Bearer csk-sim-cerebras-key" }, body: JSON.stringify({ model: "gpt-oss-120b", messages: [{ role: "user", content: "hi" }] }) },
    body503: (b) => expect(b).toMatchObject({ type: "server_error", code: "service_unavailable", message: expect.any(String) }),
  },
  workos: {
    path: "/user_management/users/user_x",
    init: { headers: { authorization: "Bearer sk_test_sim_workos_key" } },
    body503: (b) => expect(b).toEqual({ message: "Service Unavailable" }),
  },
  stripe: {
    path: "/v1/customers",
    init: { headers: { authorization: "Bearer sk_test_sim_stripe_key_000000000000" } },
    body503: (b) => expect(b).toMatchObject({ error: { type: "api_error", message: expect.any(String) } }),
  },
};

const call = (p: Provider, init: RequestInit = {}) => fetch(h.urls[p] + REQUESTS[p].path, { ...REQUESTS[p].init, ...init });
const arm = (provider: Provider, spec: object) => h.control("POST", "/faults", { provider, ...spec });

describe.each(["cerebras", "workos", "stripe"] as const)("%s faults", (p) => {
  it("5xx answers with the provider's error body, once, then recovers", async () => {
    await arm(p, { mode: "5xx", status: 503, match: REQUESTS[p].path });
    const res = await call(p);
    expect(res.status).toBe(503);
    REQUESTS[p].body503(await res.json());
    expect((await call(p)).status).toBeLessThan(500);
  });

  it("hang never answers: the client's timeout ends it", async () => {
    await arm(p, { mode: "hang" });
    const t0 = Date.now();
    await expect(call(p, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const fired = await h.control<Record<string, { fired: Array<{ mode: string }> }>>("GET", "/faults");
    expect(fired[p].fired.map((f) => f.mode)).toEqual(["hang"]);
  });

  it("slow answers only after delayMs", async () => {
    await arm(p, { mode: "slow", delayMs: 300 });
    const t0 = Date.now();
    const res = await call(p);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(500);
  });

  it("refuse resets the connection without an HTTP answer", async () => {
    await arm(p, { mode: "refuse" });
    const err = await call(p).catch((e: Error) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(String((err as TypeError).cause)).toMatch(/ECONNRESET|socket|closed|other side/i);
  });
});

describe("drop mid-stream", () => {
  const stream = () =>
    call("cerebras", {
      body: JSON.stringify({ model: "gpt-oss-120b", stream: true, messages: [{ role: "user", content: "tell me a story" }] }),
    });

  async function readAll(res: Response): Promise<{ text: string; error?: unknown }> {
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const dec = new TextDecoder();
    let text = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return { text };
        text += dec.decode(value, { stream: true });
      }
    } catch (error) {
      return { text, error };
    }
  }

  it("cuts an SSE stream after N events, before [DONE]", async () => {
    await h.control("POST", "/faults", { provider: "cerebras", mode: "drop", afterMessages: 3 });
    const { text, error } = await readAll(await stream());
    expect(error).toBeDefined();
    expect(text.split("\n\n").filter(Boolean)).toHaveLength(3);
    expect(text).not.toContain("[DONE]");
  });

  it("cuts an SSE stream after a time", async () => {
    await h.control("POST", "/profile", { name: "zero", overrides: { "cerebras.tokens_per_s": { p50: 200 } } });
    await h.control("POST", "/faults", { provider: "cerebras", mode: "drop", afterMs: 100 });
    const { text, error } = await readAll(await stream());
    expect(error).toBeDefined();
    expect(text).toContain("data: ");
    expect(text).not.toContain("[DONE]");
  });
});
