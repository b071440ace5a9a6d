// The LLM's call_summary answer, checked before anything is stored. Its output is untrusted:
// the caller's words shaped it. A bad item is dropped rather than failing the whole summary;
// only an answer that isn't the expected JSON at all is an error (worth one more try).
import { z } from "zod";
import { daysBetween } from "./rank.ts";
import { cleanMemoryText, cleanSummary } from "./sanitize.ts";
import { MEMORY_KINDS, MEMORY_LIMITS, type MemoryItem, type MemoryKind } from "./types.ts";
import { newItems } from "./dedupe.ts";

export class SummaryFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SummaryFormatError";
  }
}

const Raw = z.object({
  summary: z.string().max(20_000).catch(""),
  memories: z.array(z.unknown()).catch([]),
});

const RawItem = z.object({
  kind: z.string().max(40),
  text: z.string().max(5_000),
  due_date: z.string().max(40).nullish(),
});

export interface ParsedSummary {
  summary: string;
  items: Array<Omit<MemoryItem, "updatedAt">>;
  /** Items dropped as junk, duplicates or over the limit (for the log). */
  dropped: number;
}

const KIND_ALIASES: Record<string, MemoryKind> = { followup: "follow_up", event: "follow_up", plans: "plan", facts: "fact", preferences: "preference" };

const isKind = (k: string): k is MemoryKind => (MEMORY_KINDS as readonly string[]).includes(k);

function kindOf(raw: string): MemoryKind | undefined {
  const k = raw.trim().toLowerCase().replace(/[\s-]+/g, "_");
  if (isKind(k)) return k;
  const alias = k.replace(/_/g, "");
  return Object.hasOwn(KIND_ALIASES, alias) ? KIND_ALIASES[alias] : undefined;
}

/** A real calendar day not absurdly far from the call: a year back to two years ahead. */
export function validDueDate(raw: string | null | undefined, callDate: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw?.trim() ?? "");
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() + 1 !== Number(m[2]) || d.getUTCDate() !== Number(m[3])) return null;
  const offset = daysBetween(callDate, m[0]);
  return offset >= -366 && offset <= 731 ? m[0] : null;
}

function jsonOf(content: string): unknown {
  // Models sometimes wrap JSON in a code fence even when a schema was asked for.
  const text = content.trim().replace(/^```(?:json)?\s*/i, "").replace(/\s*```$/, "");
  try {
    return JSON.parse(text);
  } catch {
    throw new SummaryFormatError("the summary is not JSON");
  }
}

/**
 * Parse and clean a call_summary answer: lengths capped, junk and orders dropped, dates
 * checked against the call's local date, repeats of `known` items removed, count bounded.
 */
export function parseSummary(content: string, callDate: string, known: ReadonlyArray<Pick<MemoryItem, "text" | "dueDate">>): ParsedSummary {
  const top = Raw.safeParse(jsonOf(content));
  if (!top.success) throw new SummaryFormatError("the summary is not a call_summary object");
  const raw = top.data.memories.slice(0, 30);
  const cleaned: ParsedSummary["items"] = [];
  for (const r of raw) {
    const p = RawItem.safeParse(r);
    if (!p.success) continue;
    const kind = kindOf(p.data.kind);
    const text = cleanMemoryText(p.data.text, MEMORY_LIMITS.itemChars);
    if (!kind || !text) continue;
    cleaned.push({ kind, text, dueDate: validDueDate(p.data.due_date, callDate) });
  }
  const items = newItems(known, cleaned).slice(0, MEMORY_LIMITS.perCall);
  return { summary: cleanSummary(top.data.summary, MEMORY_LIMITS.summaryChars), items, dropped: raw.length - items.length };
}
