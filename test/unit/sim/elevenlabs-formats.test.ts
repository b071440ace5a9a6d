import { describe, expect, it } from "vitest";
import { encodeAudio, parseOutputFormat, resample, wav } from "../../../sim/elevenlabs/formats.ts";

const tone = (hz: number, rate: number, seconds: number) => new Int16Array(rate * seconds).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)));
const peak = (y: Float32Array) => y.subarray(100, y.length - 100).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe("elevenlabs output formats", () => {
  it("accepts ulaw and pcm, refuses what it cannot encode, rejects unknown names", () => {
    expect(parseOutputFormat("ulaw_8000")).toEqual({ ok: true, format: { kind: "ulaw", rate: 8000 } });
    expect(parseOutputFormat("pcm_24000")).toEqual({ ok: true, format: { kind: "pcm", rate: 24000 } });
    expect(parseOutputFormat("mp3_44100_128")).toMatchObject({ ok: false, code: "unsupported_output_format" });
    expect(parseOutputFormat("ulaw_9000")).toMatchObject({ ok: false, code: "invalid_output_format" });
  });

  it("resamples speech-band audio intact and removes what the new rate cannot carry", () => {
    expect(peak(resample(tone(440, 22050, 1), 22050, 8000))).toBeGreaterThan(7800);
    expect(peak(resample(tone(6000, 22050, 1), 22050, 8000))).toBeLessThan(100);
    expect(peak(resample(tone(440, 22050, 1), 22050, 24000))).toBeGreaterThan(7800);
    expect(resample(tone(440, 22050, 1), 22050, 16000).length).toBe(16000);
  });

  it("writes 16-bit little-endian PCM and a playable WAV header", () => {
    const pcm = encodeAudio(new Int16Array([0, 1000, -1000, 0]), 8000, { kind: "pcm", rate: 8000 });
    expect([...pcm]).toEqual([0, 0, 0xe8, 0x03, 0x18, 0xfc, 0, 0]);
    const w = wav(new Int16Array(100), 22050);
    expect(new TextDecoder().decode(w.subarray(0, 4))).toBe("RIFF");
    expect(new DataView(w.buffer).getUint32(24, true)).toBe(22050);
  });
});
