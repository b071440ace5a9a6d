// What the caller actually heard of a reply that was cut off: as many characters of the
// reply's text as the TTS alignment says had started playing, cut back to a whole word.
// Counting non-space characters (rather than joining the aligned characters) keeps the
// reply's own spacing and punctuation when a provider's alignment drops or adds spaces
// between chunks.

export interface AlignedChar {
  ch: string;
  /** Start of this character in the reply's audio, ms. */
  startMs: number;
}

export function heardText(chars: readonly AlignedChar[], heardMs: number, fullText?: string): string {
  let heard = 0;
  let total = 0;
  for (const c of chars) {
    if (!c.ch.trim()) continue;
    total++;
    if (c.startMs < heardMs) heard++;
  }
  const text = fullText ?? chars.map((c) => c.ch).join("");
  if (heard === 0) return "";
  if (heard >= total) return text.trim();
  // Walk the text to the heard-th non-space character.
  let seen = 0;
  let i = 0;
  for (; i < text.length && seen < heard; i++) if (text[i].trim()) seen++;
  let cut = text.slice(0, i);
  // Mid-word: drop the partial word.
  if (i < text.length && text[i].trim() && !/[\s.,!?;:]$/.test(cut)) cut = cut.replace(/\S+$/, "");
  return cut.trim();
}
