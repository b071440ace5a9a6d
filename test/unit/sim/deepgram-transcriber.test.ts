import { describe, expect, it } from "vitest";
import { FRAME_BYTES } from "../../../sim/audio/mulaw.ts";
import { silenceFrame, synthSpeech } from "../../../sim/audio/speech.ts";
import { isSpeech } from "../../../sim/audio/vad.ts";
import { readFrame } from "../../../sim/audio/watermark.ts";
import { TextMemory } from "../../../sim/deepgram/text-memory.ts";
import { Transcriber, type TranscriptEvent, type TranscriberOptions } from "../../../sim/deepgram/transcriber.ts";
import { timeWords, tokenize } from "../../../sim/deepgram/words.ts";

const OPTS: TranscriberOptions = { interimResults: true, endpointingMs: 300, utteranceEndMs: 1000, vadEvents: true };

/** Feed 20 ms frames (stream time starts at 0 for this transcriber). */
function run(frames: Uint8Array[], opts = OPTS, t = new Transcriber(opts)): TranscriptEvent[] {
  const out: TranscriptEvent[] = [];
  const base = t.audioTime;
  frames.forEach((f, i) => out.push(...t.push({ start: base + i * 0.02, end: base + (i + 1) * 0.02, speech: isSpeech(f), mark: readFrame(f) })));
  return out;
}

const silence = (n: number) => Array.from({ length: n }, silenceFrame);
const finals = (ev: TranscriptEvent[]) => ev.filter((e) => e.type === "results" && e.reason !== "interim");
const finalWords = (ev: TranscriptEvent[]) => finals(ev).flatMap((e) => (e.type === "results" ? e.words.map((w) => w.punctuated) : []));

describe("deepgram words", () => {
  it("tokenizes like Deepgram: lowercase words, punctuation kept only in punctuated_word", () => {
    expect(tokenize("Hi, I'd like -- two!").map((t) => [t.word, t.punctuated])).toEqual([
      ["hi", "Hi,"],
      ["i'd", "I'd"],
      ["like", "like"],
      ["two", "two!"],
    ]);
  });

  it("spreads words over the utterance by character position", () => {
    const w = timeWords("aaaa bbbb", 1, 0.9);
    expect(w[0].start).toBeCloseTo(1);
    expect(w[0].end).toBeCloseTo(1.4);
    expect(w[1].start).toBeCloseTo(1.5);
    expect(w[1].end).toBeCloseTo(1.9);
  });
});

describe("deepgram transcriber", () => {
  const text = "Hi, I'd like to book a table for two at seven tonight.";
  const speech = synthSpeech(text, { id: 9 });

  it("emits SpeechStarted, interims, an endpointed final with every word, then UtteranceEnd", () => {
    const ev = run([...silence(10), ...speech, ...silence(80)]);
    const started = ev.find((e) => e.type === "speech_started");
    expect(started).toEqual({ type: "speech_started", timestamp: 0.2 });
    expect(ev.filter((e) => e.type === "results" && e.reason === "interim").length).toBeGreaterThan(5);
    expect(finalWords(ev).join(" ")).toBe(text);
    const speechEnd = 0.2 + speech.length * 0.02;
    const endpoint = ev.find((e) => e.type === "results" && e.reason === "endpoint");
    expect(endpoint?.type === "results" && endpoint.end).toBeCloseTo(speechEnd + 0.3, 5);
    const ue = ev.findIndex((e) => e.type === "utterance_end");
    expect(ue).toBeGreaterThan(ev.indexOf(endpoint!));
    const lastEnd = ev[ue].type === "utterance_end" ? ev[ue].lastWordEnd : NaN;
    expect(lastEnd).toBeCloseTo(speechEnd, 1);
  });

  it("finalizes long speech in pieces without endpointing, each word once", () => {
    const long = synthSpeech("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty", { id: 3 });
    const ev = run([...long, ...silence(200)], { ...OPTS, endpointingMs: false });
    expect(finals(ev).length).toBeGreaterThan(2);
    expect(finalWords(ev)).toHaveLength(20);
    expect(ev.some((e) => e.type === "results" && e.reason === "endpoint")).toBe(false);
  });

  it("reports unwatermarked speech with empty transcripts", () => {
    const mic = speech.map((f) => f.map((b) => b & 0xfe)); // LSBs cleared: no mark, same energy
    const ev = run([...mic, ...silence(30)]);
    expect(ev[0].type).toBe("speech_started");
    expect(ev.some((e) => e.type === "results" && e.reason === "endpoint" && e.words.length === 0)).toBe(true);
    expect(ev.some((e) => e.type === "utterance_end")).toBe(false);
  });

  it("flushes pending words on Finalize with the from_finalize reason", () => {
    const t = new Transcriber(OPTS);
    run(speech.slice(0, 60), OPTS, t);
    const [r] = t.finalize();
    expect(r.type === "results" && r.reason).toBe("finalize");
    expect(r.type === "results" && r.words.length).toBeGreaterThan(0);
    expect(t.finalize()).toEqual([]);
  });

  // The reconnect contract: socket A hears the stream up to a drop; socket B is fed the audio
  // from the end of A's last final. Across both, every word comes exactly once — wherever the
  // final falls, mid-word included.
  it.each([17, 43, 66, 99, 120, 150, 171])("loses and repeats no word when A's last final ends at frame %i", (finalAt) => {
    const frames = [...silence(5), ...speech, ...silence(5), ...synthSpeech("And a window seat, please.", { id: 10 }), ...silence(60)];
    const a = new Transcriber({ ...OPTS, endpointingMs: false });
    const evA = [...run(frames.slice(0, finalAt), OPTS, a), ...a.finalize()];
    // More audio reaches A after its last final, then the socket dies: those results are lost.
    run(frames.slice(finalAt, finalAt + 9), OPTS, a);
    const lastFinal = finals(evA).at(-1);
    const resumeAt = lastFinal?.type === "results" ? Math.round(lastFinal.end / 0.02) : 0;
    expect(resumeAt).toBe(finalAt);
    const bytes = new Uint8Array(frames.length * FRAME_BYTES);
    frames.forEach((f, i) => bytes.set(f, i * FRAME_BYTES));
    const tail = bytes.subarray(resumeAt * FRAME_BYTES);
    const evB = run(Array.from({ length: tail.length / FRAME_BYTES }, (_, i) => tail.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES)));
    expect([...finalWords(evA), ...finalWords(evB)].join(" ")).toBe(`${text} And a window seat, please.`);
    expect(finalWords(evA).length).toBeGreaterThan(0);
  });

  it("recognises a replayed tail too short to spell its text, from what an earlier socket learned", () => {
    const short = "Please book a table for four at 8";
    const frames = [...synthSpeech(short, { id: 44 }), ...silence(40)];
    const cut = frames.length - 40 - 3; // the tail holds 3 frames of speech: not enough to spell 33 bytes
    for (const memory of [new TextMemory(), undefined]) {
      const opts = { ...OPTS, endpointingMs: false as const, memory };
      const a = new Transcriber(opts);
      const evA = [...run(frames.slice(0, cut), opts, a), ...a.finalize()];
      const b = new Transcriber(opts);
      const evB = [...run(frames.slice(cut), opts, b), ...b.close()];
      const words = [...finalWords(evA), ...finalWords(evB)].join(" ");
      if (memory) expect(words).toBe(short);
      else expect(words).toBe("Please book a table for four at"); // without the memory, "8" is lost
    }
  });
});
