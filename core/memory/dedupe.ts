// Whether a new memory item says what an existing one already says. Summaries of calls with
// the same person repeat themselves ("Caller has a dog named Max" after every call), and a
// list full of near-copies crowds out what matters within the prompt's budget.
import type { MemoryItem } from "./types.ts";

// Words that carry no meaning for the comparison: the subject every item starts with, and glue.
const FILLER = new Set(
  "caller callers the a an their they them is are was has have had to of and on in at for with that this about be will going really very also just".split(" "),
);

export function memoryTokens(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/['’]s\b/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .split(" ")
    .filter((w) => w && !FILLER.has(w));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 1 : inter / union;
}

/** Same meaning for our purposes: the same words (mostly), and not two different days. */
export function isDuplicate(a: Pick<MemoryItem, "text" | "dueDate">, b: Pick<MemoryItem, "text" | "dueDate">): boolean {
  if (a.dueDate && b.dueDate && a.dueDate !== b.dueDate) return false;
  const ta = new Set(memoryTokens(a.text));
  const tb = new Set(memoryTokens(b.text));
  if (ta.size === 0 || tb.size === 0) return ta.size === tb.size;
  if (jaccard(ta, tb) >= 0.75) return true;
  // One restates the other with a little more detail ("a presentation" / "a big presentation").
  const [small, big] = ta.size <= tb.size ? [ta, tb] : [tb, ta];
  return small.size >= 2 && [...small].every((w) => big.has(w)) && big.size - small.size <= 2;
}

/** The candidates that are new: not already known and not repeated within the batch. */
export function newItems<T extends Pick<MemoryItem, "text" | "dueDate">>(known: ReadonlyArray<Pick<MemoryItem, "text" | "dueDate">>, candidates: readonly T[]): T[] {
  const kept: T[] = [];
  for (const c of candidates) {
    if (known.some((k) => isDuplicate(k, c)) || kept.some((k) => isDuplicate(k, c))) continue;
    kept.push(c);
  }
  return kept;
}
