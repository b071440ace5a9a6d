import { describe, expect, it } from "vitest";
import { PlaybackQueue, PREBUFFER_SAMPLES, type PlaybackEvent } from "../../web/src/lib/audio/playback-queue.ts";

const ramp = (n: number, from = 0) => Float32Array.from({ length: n }, (_, i) => (from + i) / 10_000);

/** Render `quanta` 128-sample quanta at 48 kHz; returns the output and the events. */
function run(q: PlaybackQueue, quanta: number): { samples: number[]; events: PlaybackEvent[] } {
  const samples: number[] = [];
  const events: PlaybackEvent[] = [];
  for (let i = 0; i < quanta; i++) {
    const out = new Float32Array(128);
    q.render(out, events);
    samples.push(...out);
  }
  return { samples, events };
}

describe("PlaybackQueue", () => {
  it("waits for the prebuffer, then plays chunks back to back without a gap", () => {
    const q = new PlaybackQueue(48_000);
    q.push(ramp(160));
    expect(run(q, 1).events).toEqual([]); // 20 ms queued: not yet
    q.push(ramp(160, 160));
    q.push(ramp(PREBUFFER_SAMPLES, 320));
    const { samples, events } = run(q, 30); // 30 × 128 / 6 = 640 input samples
    expect(events[0]).toEqual({ type: "state", playing: true, underruns: 0 });
    // Upsampled ×6, monotonic across the chunk boundaries (no jump back to silence).
    const played = samples.slice(0, 600 * 6);
    for (let i = 1; i < played.length; i++) expect(played[i]).toBeGreaterThanOrEqual(played[i - 1]);
    expect(played[6 * 200]).toBeCloseTo(200 / 10_000, 6);
  });

  it("reports a mark only once the audio before it has played", () => {
    const q = new PlaybackQueue(48_000);
    q.push(ramp(PREBUFFER_SAMPLES));
    q.mark("m1", []);
    q.push(ramp(160));
    const early = run(q, 10); // 10 × 128 / 6 ≈ 213 input samples of 480
    expect(early.events.filter((e) => e.type === "mark")).toEqual([]);
    const later = run(q, 20); // past 480
    expect(later.events.filter((e) => e.type === "mark")).toEqual([{ type: "mark", name: "m1" }]);
  });

  it("plays a short last piece at once when a mark ends it, and echoes a mark on an empty queue", () => {
    const q = new PlaybackQueue(48_000);
    const now: PlaybackEvent[] = [];
    q.mark("idle", now);
    expect(now).toEqual([{ type: "mark", name: "idle" }]);
    q.push(ramp(80)); // 10 ms, below the prebuffer
    q.mark("end", []);
    const { events } = run(q, 6);
    expect(events).toContainEqual({ type: "mark", name: "end" });
  });

  it("starts a short piece without a mark after about 100 ms", () => {
    const q = new PlaybackQueue(48_000);
    q.push(ramp(80));
    expect(run(q, 20).events).toEqual([]);
    expect(run(q, 30).events).toContainEqual({ type: "state", playing: true, underruns: 0 });
  });

  it("clear drops the audio and returns every pending mark", () => {
    const q = new PlaybackQueue(48_000);
    q.push(ramp(PREBUFFER_SAMPLES));
    q.mark("a", []);
    q.push(ramp(PREBUFFER_SAMPLES));
    q.mark("b", []);
    run(q, 2);
    const out: PlaybackEvent[] = [];
    q.clear(out);
    expect(out.filter((e) => e.type === "mark").map((e) => (e.type === "mark" ? e.name : ""))).toEqual(["a", "b"]);
    expect(q.queuedSamples).toBe(0);
    const after = run(q, 5);
    expect(after.samples.every((s) => Math.abs(s) < 0.01)).toBe(true);
  });
});
