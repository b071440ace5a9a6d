import { describe, expect, it } from "vitest";
import { FRAME_BYTES } from "../../../sim/audio/mulaw.ts";
import { KIND_REPLY, TextAssembler, readFrame } from "../../../sim/audio/watermark.ts";
import { alignChars, sliceAlignment } from "../../../sim/elevenlabs/alignment.ts";
import { closeReason, parseClientMessage } from "../../../sim/elevenlabs/messages.ts";
import { renderGeneration } from "../../../sim/elevenlabs/render.ts";
import { TextBuffer } from "../../../sim/elevenlabs/text-buffer.ts";

describe("elevenlabs text buffering", () => {
  it("waits for each chunk_length_schedule step and keeps a word being typed", () => {
    const b = new TextBuffer([20, 30]);
    expect(b.push("Hello there, my ")).toEqual([]);
    expect(b.push("friend, how are yo")).toEqual(["Hello there, my friend, how are"]);
    expect(b.buffered).toBe("yo");
    expect(b.push("u doing today? ")).toEqual([]);
    expect(b.push("Fine, thanks. ")).toEqual(["you doing today? Fine, thanks."]);
  });

  it("generates at once on flush and on try_trigger_generation above 50 characters", () => {
    const b = new TextBuffer();
    expect(b.push("Short. ", { flush: true })).toEqual(["Short."]);
    expect(b.push("x".repeat(40) + " ", { tryTrigger: true })).toEqual([]);
    expect(b.push("y".repeat(20) + " ", { tryTrigger: true })).toHaveLength(1);
  });

  it("sends every message on its own in auto_mode", () => {
    expect(new TextBuffer(undefined, true).push("One sentence. ")).toEqual(["One sentence."]);
  });
});

describe("elevenlabs alignment", () => {
  it("spreads each word's characters until the next word starts", () => {
    const a = alignChars("Hi you", [[0, 2, 0], [3, 3, 300]], 600);
    expect(a.chars).toEqual(["H", "i", " ", "y", "o", "u"]);
    expect(a.startMs).toEqual([0, 100, 200, 300, 400, 500]);
    expect(a.durMs.reduce((x, y) => x + y)).toBe(600);
    const second = sliceAlignment(a, 250, 600, true);
    expect(second).toEqual({ chars: ["y", "o", "u"], charStartTimesMs: [50, 150, 250], charDurationsMs: [100, 100, 100] });
  });
});

describe("elevenlabs messages", () => {
  it("parses the client messages of both socket kinds", () => {
    expect(parseClientMessage('{"text":" ","xi-api-key":"k","generation_config":{"chunk_length_schedule":[50]}}')).toMatchObject({ ok: true, msg: { kind: "text", text: " ", apiKey: "k", init: { chunkLengthSchedule: [50] } } });
    expect(parseClientMessage('{"context_id":"a","flush":true}')).toMatchObject({ ok: true, msg: { kind: "text", text: "", flush: true, contextId: "a" } });
    expect(parseClientMessage('{"context_id":"a","close_context":true}')).toEqual({ ok: true, msg: { kind: "close_context", contextId: "a" } });
    expect(parseClientMessage('{"close_socket":true}')).toEqual({ ok: true, msg: { kind: "close_socket" } });
    expect(parseClientMessage("nope").ok).toBe(false);
    expect(parseClientMessage('{"text":5}').ok).toBe(false);
  });

  it("truncates close reasons to the 123 bytes a close frame allows", () => {
    expect(new TextEncoder().encode(closeReason("é".repeat(100))).length).toBeLessThanOrEqual(123);
    expect(closeReason("short")).toBe("short");
  });
});

describe("elevenlabs rendering", () => {
  it("watermarks every ulaw frame with the reply id and text, and chunks on frame boundaries", () => {
    const samples = new Int16Array(22050).map((_, i) => Math.round(8000 * Math.sin(i / 5)));
    const r = renderGeneration({ sampleRate: 22050, samples, words: [[0, 5, 0], [6, 5, 500]], durationMs: 1000 }, "Hello world", { kind: "ulaw", rate: 8000 }, 77);
    expect(r.audio.length % FRAME_BYTES).toBe(0);
    expect(r.chunks[0].bytes.length).toBe(800);
    const asm = new TextAssembler();
    for (let i = 0; i < r.audio.length; i += FRAME_BYTES) {
      const m = readFrame(r.audio.subarray(i, i + FRAME_BYTES));
      expect(m?.kind).toBe(KIND_REPLY);
      expect(m?.id).toBe(77);
      asm.add(m!);
    }
    expect(asm.text(KIND_REPLY, 77)).toBe("Hello world");
    expect(r.chunks.flatMap((c) => c.alignment.chars).join("")).toBe("Hello world");
  });
});
