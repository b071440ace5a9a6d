// How long to keep listening after the recogniser thinks the caller stopped, judged from the
// words: "I was thinking that" or "my number is five five five" are not finished turns.
import { normalizeUtterance } from "./backchannel.ts";

const TRAILING_UNFINISHED = new Set([
  "and", "but", "or", "so", "because", "cause", "if", "that", "which", "who", "when", "while", "then",
  "with", "to", "for", "of", "in", "on", "at", "from", "about", "like", "the", "a", "an", "my", "your",
  "um", "uh", "er", "erm", "is", "are", "was", "i", "i'm", "we", "it's", "just", "maybe", "also", "plus", "than",
]);

const DIGIT_WORDS = new Set(["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double", "triple"]);

export const UNFINISHED_EXTRA_MS = 1200;
export const DIGITS_EXTRA_MS = 1800;
export const COMMA_EXTRA_MS = 600;

export type TurnJudgement = { complete: true } | { complete: false; extraMs: number; why: "unfinished" | "digits" | "comma" };

export function judgeTurn(text: string): TurnJudgement {
  const trimmed = text.trim();
  if (!trimmed) return { complete: false, extraMs: UNFINISHED_EXTRA_MS, why: "unfinished" };
  const words = normalizeUtterance(trimmed).split(" ");
  const tail = words.slice(-6);
  const digitish = tail.filter((w) => DIGIT_WORDS.has(w) || /^\d+$/.test(w)).length;
  const lastIsDigit = DIGIT_WORDS.has(words[words.length - 1]) || /\d[\d\s-]*$/.test(trimmed.replace(/[.!?]$/, ""));
  if (lastIsDigit && (digitish >= 3 || /\d{3,}/.test(trimmed.slice(-12)))) return { complete: false, extraMs: DIGITS_EXTRA_MS, why: "digits" };
  if (/[?!]$/.test(trimmed)) return { complete: true };
  if (TRAILING_UNFINISHED.has(words[words.length - 1])) return { complete: false, extraMs: UNFINISHED_EXTRA_MS, why: "unfinished" };
  if (/[,;:—-]$/.test(trimmed)) return { complete: false, extraMs: COMMA_EXTRA_MS, why: "comma" };
  return { complete: true };
}

/** Same words, ignoring case and punctuation: a speculative reply may be kept. */
export function sameUtterance(a: string, b: string): boolean {
  return normalizeUtterance(a) === normalizeUtterance(b);
}
