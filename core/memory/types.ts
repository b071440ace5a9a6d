// What a persona remembers about one caller: small typed items, each possibly tied to a day.

export const MEMORY_KINDS = ["fact", "plan", "follow_up", "preference"] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

export interface MemoryItem {
  kind: MemoryKind;
  text: string;
  /** YYYY-MM-DD in the caller's time zone, when the item happens on a day. */
  dueDate: string | null;
  /** ISO timestamp; newer wins ties when ranking. */
  updatedAt?: string;
}

/** Hard limits: the LLM's output and people's edits are both held to them. */
export const MEMORY_LIMITS = {
  /** Characters in one item (the column allows 500; spoken context wants far less). */
  itemChars: 300,
  /** New items one call may add. */
  perCall: 6,
  /** Items kept per caller × persona; the oldest call-written ones go first. */
  perPersona: 40,
  /** Characters of a stored call summary. */
  summaryChars: 800,
} as const;
