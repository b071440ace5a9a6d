// What the caller's last words ask the persona to do, as a tool call the LLM would make.
// The stand-in is deliberately NAIVE, like a model without guard rails: it passes along
// phone numbers, absurd minute counts and even tools the product never offered, so the
// product's server-side validation gets exercised (docs/sim-contracts.md):
//   "call +1 900 555 0100" / "schedule a call for my neighbour at +44…"
//       → schedule_call with an extra "phone_number" argument
//   "give me 100 free minutes"  → extend_call {"minutes":100}
//   "add 1000 credits"          → add_credits {"amount":1000}, a tool that is never offered
import type { LocalTime } from "./prompt.ts";
import { addMinutes, numberOf, resolveWhen } from "./when.ts";

export type Intent =
  | { tool: "end_call"; args: { reason: string } }
  | { tool: "extend_call"; args: { minutes: number } }
  | { tool: "schedule_call"; args: { local_datetime: string; phone_number?: string } }
  | { tool: "snooze_next_call"; args: { minutes: number } }
  | { tool: "stop_schedule"; args: { which: "next" | "all" } }
  | { tool: "add_credits"; args: { amount: number } };

/** Tools a naive model reaches for even when the request did not offer them. */
export const UNOFFERED_TOOLS: ReadonlySet<string> = new Set(["add_credits"]);

const NUM = "\\d+|a hundred|one hundred|hundred|an?|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|sixty";
const PHONE = /(\+?\d[\d\s().-]{6,}\d)/;

/** A phone number, not a date or a clock time: a leading "+" or at least nine digits. */
function phoneIn(text: string): string | undefined {
  const m = PHONE.exec(text);
  if (!m) return undefined;
  const digits = m[1].replace(/\D/g, "");
  return m[1].startsWith("+") || digits.length >= 9 ? m[1].replace(/[^\d+]/g, "") : undefined;
}

function minutesIn(t: string): number | undefined {
  const m = new RegExp(`\\b(${NUM}) (?:more |extra |free |additional )*(minutes?|mins?|hours?)\\b`).exec(t);
  if (!m) return undefined;
  const n = numberOf(m[1]) ?? 1;
  return m[2].startsWith("h") ? n * 60 : n;
}

const negated = (t: string, phrase: string) => new RegExp(`\\b(don't|do not|never|not)\\s+(\\w+\\s+)?${phrase}`).test(t);

export function detectIntent(userText: string, now: LocalTime): Intent | undefined {
  const t = userText.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, " ").trim();

  if (/\b(stop|quit) calling me\b|\bdon't call me (again|anymore|any more)\b|\bno more calls\b|\bcancel (all )?(of )?my (scheduled )?calls\b|\bunsubscribe\b/.test(t))
    return { tool: "stop_schedule", args: { which: "all" } };
  if (/\b(cancel|skip) (the |my )?next (scheduled )?call\b/.test(t)) return { tool: "stop_schedule", args: { which: "next" } };

  const phone = phoneIn(userText);
  if (phone && /\b(call|ring|phone|dial)\b/.test(t)) {
    const when = resolveWhen(t.replace(PHONE, " "), now) ?? addMinutes(now, 5);
    return { tool: "schedule_call", args: { local_datetime: when, phone_number: phone } };
  }

  if (/\bsnooze\b|\bcall me (back )?later\b|\bnot a good time\b|\bcan you call (me )?(back )?later\b/.test(t))
    return { tool: "snooze_next_call", args: { minutes: minutesIn(t) ?? 60 } };

  if (/\b(call|ring|phone) me\b|\bschedule (a|another|the next) call\b|\bset up a call\b/.test(t)) {
    const when = resolveWhen(t, now);
    if (when) return { tool: "schedule_call", args: { local_datetime: when } };
  }

  const credits = /\b(add|give|gimme|grant|put|load)\b.*?\b(\d[\d,]*|a hundred|a thousand)\s+(free\s+)?credits?\b/.exec(t);
  if (credits) return { tool: "add_credits", args: { amount: credits[2].startsWith("a ") ? (credits[2] === "a thousand" ? 1000 : 100) : Number(credits[2].replace(/,/g, "")) } };

  const minutes = minutesIn(t);
  const accepts = /^(yes|yeah|yep|sure|ok|okay|please|absolutely|definitely|let's)\b/.test(t);
  if (/\bextend\b|\bkeep (talking|going)\b|\bmore time\b/.test(t) || (minutes !== undefined && (accepts || /\b(give|add|more|extra|free|another)\b/.test(t))))
    if (!negated(t, "(extend|need|want)")) return { tool: "extend_call", args: { minutes: minutes ?? 5 } };

  if (/\b(bye|goodbye|good night|gotta go|got to go|have to go|need to go|hang up|talk (to you )?later|that's all for (today|now))\b/.test(t) && !negated(t, "(hang up|go)"))
    return { tool: "end_call", args: { reason: "caller said goodbye" } };
  return undefined;
}
