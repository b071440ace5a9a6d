import { describe, expect, it } from "vitest";
import { FRAME_BYTES, fromBase64, rms, toBase64 } from "../../../sim/audio/mulaw.ts";
import { synthSpeech } from "../../../sim/audio/speech.ts";
import { KIND_CALLER, StreamReader, TextAssembler, readFrame } from "../../../sim/audio/watermark.ts";

describe("audio watermark", () => {
  const text = `Call me at 8! "quotes" \\ {braces} 😀 שלום`;
  const frames = synthSpeech(text, { id: 4242 });

  it("survives re-chunking at any offset and reassembles the text", () => {
    const stream = new Uint8Array(37 + frames.length * FRAME_BYTES).fill(0xff);
    frames.forEach((f, i) => stream.set(f, 37 + i * FRAME_BYTES));
    const reader = new StreamReader();
    const asm = new TextAssembler();
    for (let i = 0; i < stream.length; i += 333) for (const x of reader.push(stream.subarray(i, i + 333))) if (x.mark) asm.add(x.mark);
    expect(asm.text(KIND_CALLER, 4242)).toBe(text);
  });

  it("lets a late listener recover the text from the tail of an utterance", () => {
    const asm = new TextAssembler();
    const need = Math.ceil(new TextEncoder().encode(text).length / 9);
    for (const f of frames.slice(frames.length - need)) asm.add(readFrame(f)!);
    expect(asm.text(KIND_CALLER, 4242)).toBe(text);
  });

  it("keeps speech loud and silence unmarked", () => {
    expect(rms(frames[2])).toBeGreaterThan(1000);
    expect(readFrame(new Uint8Array(FRAME_BYTES).fill(0xff))).toBeUndefined();
  });

  it("round-trips base64 without Buffer", () => {
    const bytes = frames[0];
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });
});
