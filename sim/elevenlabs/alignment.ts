// Character alignment that matches the synthesised audio: eSpeak reports when each word
// starts, and a word's characters (plus the spaces and punctuation after it) share the time
// until the next word starts.

export interface CharTimes {
  chars: string[];
  startMs: number[];
  durMs: number[];
}

/** `words`: [char offset, length, start ms] in text order, as the synthesiser reports them. */
export function alignChars(text: string, words: ReadonlyArray<readonly [number, number, number]>, durationMs: number): CharTimes {
  const chars = Array.from(text);
  const n = chars.length;
  const start = new Array<number>(n).fill(0);
  // Anchors: char index → time. Text before the first word starts at 0; the end is the audio end.
  const anchors: Array<[number, number]> = [[0, 0]];
  for (const [off, , ms] of words) {
    if (off > anchors[anchors.length - 1][0] && ms >= anchors[anchors.length - 1][1] && off < n) anchors.push([off, Math.min(ms, durationMs)]);
  }
  anchors.push([n, durationMs]);
  for (let a = 0; a + 1 < anchors.length; a++) {
    const [c0, t0] = anchors[a];
    const [c1, t1] = anchors[a + 1];
    for (let c = c0; c < c1; c++) start[c] = t0 + ((t1 - t0) * (c - c0)) / (c1 - c0);
  }
  const startMs = start.map((t) => Math.round(t));
  const durMs = startMs.map((t, i) => Math.max(0, (i + 1 < n ? startMs[i + 1] : Math.round(durationMs)) - t));
  return { chars, startMs, durMs };
}

/** The characters that start inside [fromMs, toMs), with times relative to `fromMs` (per chunk). */
export function sliceAlignment(all: CharTimes, fromMs: number, toMs: number, last: boolean) {
  const chars: string[] = [];
  const charStartTimesMs: number[] = [];
  const charDurationsMs: number[] = [];
  for (let i = 0; i < all.chars.length; i++) {
    const t = all.startMs[i];
    if (t < fromMs || (t >= toMs && !last)) continue;
    chars.push(all.chars[i]);
    charStartTimesMs.push(t - Math.round(fromMs));
    charDurationsMs.push(all.durMs[i]);
  }
  return { chars, charStartTimesMs, charDurationsMs };
}
