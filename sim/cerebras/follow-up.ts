// On the first caller turn a persona with memories follows up on the most relevant plan or
// event it remembers ("How did the presentation on Friday go?"), as the product promises.
import type { LocalTime } from "./prompt.ts";

const EVENT =
  /\b(job interview|interview|presentation|exam|test|meeting|trip|doctor's appointment|appointment|date|game|match|race|marathon|party|wedding|surgery|deadline|launch|pitch|audition|concert|recital|move|review|flight|vacation|holiday|birthday|workout|run)\b/i;
const WHEN = /\b(?:on |this |next )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\bnext week\b|\bthis weekend\b/i;
const PLAN = /\b(plan|plans|planning|going to|will|wants to|hoping to|intends to|trying to|start|starting)\b/i;
const KIND_TAG = /\b(plan|follow[_ -]?up)\b/i;

function score(item: string): number {
  let s = 0;
  if (KIND_TAG.test(item)) s += 3;
  if (EVENT.test(item)) s += 2;
  if (WHEN.test(item) || /\d{4}-\d{2}-\d{2}/.test(item)) s += 1;
  if (PLAN.test(item)) s += 1;
  if (/\b(likes?|loves?|prefers?|enjoys?|hates?)\b/i.test(item)) s -= 2;
  return s;
}

/** Strip bookkeeping such as "(plan, due 2026-07-17)" or "[follow_up]" the product may add. */
function clean(item: string): string {
  return item
    .replace(/^\s*[[(]?\s*(plan|follow[_ -]?up|fact|preference)\s*[\]):,-]*\s*/i, "")
    .replace(/\s*[[(][^\])]*\d{4}-\d{2}-\d{2}[^\])]*[\])]\s*/g, " ")
    .replace(/\s*[[(]\s*(plan|follow[_ -]?up|fact|preference)[^\])]*[\])]\s*/gi, " ")
    .replace(/[.\s]+$/, "")
    .trim();
}

/** Third person about the caller → second person to the caller. */
function toYou(text: string): string {
  return text
    .replace(/^(the )?(caller|user)('s)?\s*/i, (_m, _the, _who, poss) => (poss ? "your " : "you "))
    .replace(/^(he|she|they)\s+/i, "you ")
    .replace(/\byou (has|is|was|plans|wants|hopes|needs|intends)\b/i, (_m, v: string) => `you ${{ has: "have", is: "are", was: "were" }[v.toLowerCase()] ?? v.replace(/s$/, "")}`)
    .replace(/\b(their|his|her)\b/gi, "your");
}

export function followUpQuestion(memories: string[], now?: LocalTime): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const m of memories) {
    const s = score(m);
    if (s > bestScore) {
      best = m;
      bestScore = s;
    }
  }
  if (!best || bestScore < 2) return undefined;
  const due = /(\d{4}-\d{2}-\d{2})/.exec(best)?.[1];
  const upcoming = due !== undefined && now !== undefined && due > now.date;
  const text = clean(best);
  const event = EVENT.exec(text);
  if (event) {
    const when = WHEN.exec(text);
    const thing = `the ${event[1].toLowerCase()}${when ? ` ${when[0].toLowerCase().startsWith("on ") || /^(this|next)/i.test(when[0]) ? when[0] : `on ${when[0]}`}` : ""}`;
    const phrase = thing.replace(/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi, (d) => d[0].toUpperCase() + d.slice(1).toLowerCase());
    return upcoming ? `Are you ready for ${phrase}?` : `How did ${phrase} go?`;
  }
  return `Last time you mentioned that ${toYou(text.charAt(0).toLowerCase() + text.slice(1))}. How's that going?`;
}
