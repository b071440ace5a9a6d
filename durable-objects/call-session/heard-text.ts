// What the caller actually heard of a reply that was cut off: the characters whose audio had
// played (from the TTS alignment), cut back to a whole word.

export interface AlignedChar {
  ch: string;
  /** Start of this character in the reply's audio, ms. */
  startMs: number;
}

export function heardText(chars: readonly AlignedChar[], heardMs: number): string {
  let n = 0;
  while (n < chars.length && chars[n].startMs < heardMs) n++;
  if (n === 0) return "";
  if (n >= chars.length) return chars.map((c) => c.ch).join("").trim();
  let text = chars
    .slice(0, n)
    .map((c) => c.ch)
    .join("");
  // Mid-word: drop the partial word.
  if (!/\s/.test(chars[n].ch) && !/[\s.,!?;:]$/.test(text)) text = text.replace(/\S+$/, "");
  return text.trim();
}
