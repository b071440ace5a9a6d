import { describe, expect, it } from "vitest";
import { synthSpeech } from "../../../sim/audio/speech.ts";
import { KIND_REPLY } from "../../../sim/audio/watermark.ts";
import { FrameScanner } from "../../../sim/twilio/frame-scanner.ts";

const cat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

describe("FrameScanner", () => {
  it("re-aligns after a cut mid-frame (what clear does to the played stream)", () => {
    const a = synthSpeech("first reply", { id: 1, kind: KIND_REPLY, durationMs: 200 });
    const b = synthSpeech("second reply", { id: 2, kind: KIND_REPLY, durationMs: 200 });
    // 3.5 frames of A, then B from its start: B's frames sit 80 bytes off A's alignment.
    const stream = cat([...a.slice(0, 3), a[3].subarray(0, 80), ...b, new Uint8Array(400).fill(0xff)]);
    const s = new FrameScanner();
    const marks = [];
    for (let i = 0; i < stream.length; i += 77) marks.push(...s.push(stream.subarray(i, i + 77)));
    expect(marks.map((m) => `${m.id}:${m.index}`)).toEqual(["1:0", "1:1", "1:2", ...b.map((_, i) => `2:${i}`)]);
  });

  it("finds nothing in silence or unmarked audio", () => {
    const s = new FrameScanner();
    expect(s.push(new Uint8Array(5000).fill(0xff))).toEqual([]);
    expect(s.push(new Uint8Array(5000).map((_, i) => (i * 37) & 0xfe))).toEqual([]);
  });
});
