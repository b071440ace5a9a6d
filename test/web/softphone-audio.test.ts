// The softphone's pure audio parts: the microphone downsampler and the typed-words watermark.
import { describe, expect, it } from "vitest";
import { decode, FRAME_BYTES, MULAW_SILENCE } from "../../sim/audio/mulaw.ts";
import { KIND_CALLER, readFrame, TextAssembler } from "../../sim/audio/watermark.ts";
import { Downsampler } from "../../web/src/lib/audio/downsampler.ts";
import { VoiceOut } from "../../web/src/lib/audio/voice-out.ts";

describe("Downsampler", () => {
  it("turns 48 kHz into 20 ms μ-law frames: one per 960 input samples", () => {
    const d = new Downsampler(48_000);
    let frames: Uint8Array[] = [];
    for (let i = 0; i < 75; i++) frames = frames.concat(d.push(new Float32Array(128).fill(0.5)));
    expect(frames.length).toBe(10); // 75 × 128 = 9600 samples = 200 ms
    expect(frames.every((f) => f.length === FRAME_BYTES)).toBe(true);
    const pcm = decode(frames[3]);
    expect(Math.abs(pcm[10] - 0.5 * 32767)).toBeLessThan(600);
  });

  it("handles 44.1 kHz and no input (silence) alike", () => {
    const d = new Downsampler(44_100);
    let n = 0;
    for (let i = 0; i < 345; i++) n += d.push(undefined, 128).length; // ~1 s
    expect(n).toBeGreaterThanOrEqual(49);
    expect(n).toBeLessThanOrEqual(50);
  });
});

describe("VoiceOut", () => {
  const mic = () => new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);

  it("passes the microphone through when nothing was typed", () => {
    const v = new VoiceOut();
    const f = mic();
    expect(v.next(f)).toBe(f);
  });

  it("writes typed words into the frames (kind 1) so a listener can read them back", async () => {
    const v = new VoiceOut();
    const text = `I'm "fine", really! שלום 😀`;
    const done = v.say(text, false);
    const asm = new TextAssembler();
    let id = -1;
    let frames = 0;
    while (v.speaking) {
      const m = readFrame(v.next(mic()));
      expect(m?.kind).toBe(KIND_CALLER);
      asm.add(m!);
      id = m!.id;
      frames++;
    }
    await done;
    expect(asm.text(KIND_CALLER, id)).toBe(text);
    expect(frames).toBe(Math.round((text.length * 60) / 20));
  });

  it("speaks typed words with a simulated voice loud enough to be heard as speech", () => {
    const v = new VoiceOut();
    void v.say("hello there", true);
    const f = v.next(mic());
    const pcm = decode(f);
    const rms = Math.sqrt(pcm.reduce((a, x) => a + x * x, 0) / pcm.length);
    expect(rms).toBeGreaterThan(1000);
    expect(readFrame(f)?.kind).toBe(KIND_CALLER);
  });
});
