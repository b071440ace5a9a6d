// From an utterance's text and its place in the stream to Deepgram words: each word gets the
// slice of the utterance's speech proportional to its character position, so word times
// follow the audio the words were "said" in.

export interface TimedWord {
  /** Lowercase, punctuation stripped ("i'd"). */
  word: string;
  /** As written ("I'd,"). */
  punctuated: string;
  /** Seconds since this socket's stream start. */
  start: number;
  end: number;
  confidence: number;
}

/** Split into written tokens with their character span; tokens without letters or digits are dropped. */
export function tokenize(text: string): Array<{ punctuated: string; word: string; from: number; to: number }> {
  const out: Array<{ punctuated: string; word: string; from: number; to: number }> = [];
  for (const m of text.matchAll(/\S+/g)) {
    const punctuated = m[0];
    const word = punctuated
      .toLowerCase()
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")
      .replace(/[^\p{L}\p{N}'’-]/gu, "");
    if (!word) continue;
    out.push({ punctuated, word, from: m.index, to: m.index + punctuated.length });
  }
  return out;
}

/** A stable confidence in [0.9, 1) per word, so the same audio gives the same Results. */
function confidence(word: string): number {
  let h = 2166136261;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return 0.9 + ((h >>> 0) % 1000) / 10000;
}

/** Words of `text` spread over [start, start + duration) seconds. */
export function timeWords(text: string, start: number, duration: number): TimedWord[] {
  const n = Math.max(1, text.length);
  return tokenize(text).map((t) => ({
    word: t.word,
    punctuated: t.punctuated,
    start: start + (duration * t.from) / n,
    end: start + (duration * t.to) / n,
    confidence: confidence(t.word),
  }));
}

export const midpoint = (w: TimedWord) => (w.start + w.end) / 2;
