// What a person may write into a persona's memory of them. Their text goes into the persona's
// prompt like the LLM's items do, so the same rules apply — but a person gets told what to
// change instead of having their words silently altered.
import { hasMarkers, looksLikeInstructions, oneLine, redactContacts } from "./sanitize.ts";
import { MEMORY_LIMITS } from "./types.ts";

export const MEMORY_TEXT_LIMITS = { min: 3, max: MEMORY_LIMITS.itemChars } as const;

/** Why `raw` can't be stored as a memory item, or undefined when it can (as `oneLine(raw)`). */
export function memoryTextProblem(raw: string): string | undefined {
  const s = oneLine(raw);
  const n = [...s].length;
  if (n < MEMORY_TEXT_LIMITS.min) return `Write at least ${MEMORY_TEXT_LIMITS.min} characters.`;
  if (n > MEMORY_TEXT_LIMITS.max) return `A memory is limited to ${MEMORY_TEXT_LIMITS.max} characters (this one has ${n}).`;
  if (hasMarkers(s) || looksLikeInstructions(s)) return "Write what the persona should remember about you, not instructions for it.";
  if (redactContacts(s) !== s) return "Leave out phone numbers, links and email addresses.";
  return undefined;
}
