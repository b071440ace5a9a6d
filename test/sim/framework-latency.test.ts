// Latency profiles end to end: with "published", the measured median of Cerebras' first token
// over many concurrent requests lands within 20% of the profile's p50; "zero" adds ~nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROFILES } from "../../sim/core/latency.ts";
import { type Harness, startHarness } from "./sim-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Milliseconds from sending the request to reading the first content token of the stream. */
async function firstTokenMs(): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${h.urls.cerebras}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer csk-sim-cerebras-key", "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-oss-120b", stream: true, reasoning_effort: "none", messages: [{ role: "user", content: "hello" }] }),
  });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let seen = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error("stream ended before a content token");
    seen += decoder.decode(value, { stream: true });
    if (seen.includes('"content"')) {
      const ms = performance.now() - t0;
      await reader.cancel();
      return ms;
    }
  }
}

/** `n` requests, `width` at a time: concurrent enough to be quick, not so wide that the client's own queueing dominates. */
async function measure(n: number, width: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, () => firstTokenMs()))));
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe("latency profiles", () => {
  it("published: measured Cerebras first-token p50 is within 20% of the configured p50", async () => {
    await measure(10, 10); // warm up connections and code paths
    await h.control("POST", "/profile", { name: "published" });
    const samples = await measure(160, 20);
    const configured = PROFILES.published["cerebras.first_token"]?.p50 ?? 0;
    const p50 = median(samples);
    expect(p50).toBeGreaterThan(configured * 0.8);
    expect(p50).toBeLessThan(configured * 1.2);
    // A distribution, not a constant: the spread follows the log-normal's p95.
    expect(Math.max(...samples) - Math.min(...samples)).toBeGreaterThan(50);
  });

  it("zero: the same requests add next to nothing", async () => {
    await h.control("POST", "/profile", { name: "zero" });
    const samples = await measure(50, 5);
    expect(median(samples)).toBeLessThan(15);
  });

  it("overrides a single stage on top of a profile", async () => {
    await h.control("POST", "/profile", { name: "zero", overrides: { "cerebras.first_token": { p50: 120 } } });
    const samples = await measure(20, 10);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(115);
    await h.control("POST", "/profile", { name: "zero" });
  });
});
