// Spoken times ("tomorrow at 8", "on Monday at 7:30 pm", "in 2 hours") resolved against the
// caller's local wall clock from the system prompt. Pure calendar arithmetic on wall-clock
// fields; only "in N hours" crosses an instant and so goes through the caller's zone (DST).
import { Temporal } from "temporal-polyfill";
import type { LocalTime } from "./prompt.ts";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, "forty-five": 45, fifty: 50, sixty: 60, ninety: 90, hundred: 100, "a hundred": 100, "one hundred": 100,
};
const NUM = `\\d+|${Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join("|")}`;

export function numberOf(word: string): number | undefined {
  const w = word.trim().toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w];
}

const pad = (n: number) => String(n).padStart(2, "0");

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The calendar day a phrase names, relative to `ref` (YYYY-MM-DD), if it names one. */
export function dayOf(text: string, ref: string): string | undefined {
  const t = text.toLowerCase();
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(t);
  if (iso) return iso[0];
  if (/\bday after tomorrow\b/.test(t)) return addDays(ref, 2);
  if (/\btomorrow\b/.test(t)) return addDays(ref, 1);
  if (/\b(today|tonight|this (morning|afternoon|evening))\b/.test(t)) return ref;
  const inDays = new RegExp(`\\bin (${NUM}) days?\\b`).exec(t);
  if (inDays) return addDays(ref, numberOf(inDays[1]) ?? 1);
  if (/\b(next week|in a week)\b/.test(t)) return addDays(ref, 7);
  const wd = new RegExp(`\\b(${WEEKDAYS.join("|")})\\b`).exec(t);
  if (wd) {
    // "on Monday" said on a Monday means the next one: a day already under way is not meant.
    const ahead = (WEEKDAYS.indexOf(wd[1]) - weekdayOf(ref) + 7) % 7 || 7;
    return addDays(ref, ahead);
  }
  const monthFirst = new RegExp(`\\b(${MONTHS.join("|")}) (\\d{1,2})(?:st|nd|rd|th)?\\b`).exec(t);
  const dayFirst = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(${MONTHS.join("|")})\\b`).exec(t);
  if (monthFirst || dayFirst) {
    const month = MONTHS.indexOf(monthFirst ? monthFirst[1] : dayFirst![2]) + 1;
    const day = Number(monthFirst ? monthFirst[2] : dayFirst![1]);
    const year = Number(ref.slice(0, 4));
    const candidate = `${year}-${pad(month)}-${pad(day)}`;
    return candidate < ref ? `${year + 1}-${pad(month)}-${pad(day)}` : candidate;
  }
  const nth = /\bthe (\d{1,2})(?:st|nd|rd|th)\b/.exec(t);
  if (nth) {
    const day = Number(nth[1]);
    const [y, m] = ref.split("-").map(Number);
    const candidate = `${y}-${pad(m)}-${pad(day)}`;
    return candidate < ref ? (m === 12 ? `${y + 1}-01-${pad(day)}` : `${y}-${pad(m + 1)}-${pad(day)}`) : candidate;
  }
  return undefined;
}

type Part = "morning" | "afternoon" | "evening" | "night";
interface SpokenTime {
  hour?: number;
  minute: number;
  meridiem?: "am" | "pm";
  part?: Part;
}

function timeOf(t: string): SpokenTime | undefined {
  const partMatch = /\b(morning|afternoon|evening|tonight|night)\b/.exec(t);
  const part: Part | undefined = partMatch ? (partMatch[1] === "tonight" ? "night" : (partMatch[1] as Part)) : undefined;
  if (/\bnoon\b|\bmidday\b/.test(t)) return { hour: 12, minute: 0, meridiem: "pm" };
  if (/\bmidnight\b/.test(t)) return { hour: 0, minute: 0, meridiem: "am" };
  const m =
    /\b(?:at|around|by)\s+(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|o'clock)?/.exec(t) ??
    /\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)/.exec(t);
  if (m && Number(m[1]) <= 23) {
    const mer = m[3]?.startsWith("a") ? "am" : m[3]?.startsWith("p") ? "pm" : undefined;
    return { hour: Number(m[1]), minute: m[2] ? Number(m[2]) : 0, meridiem: mer, part };
  }
  return part ? { minute: 0, part } : undefined;
}

const PART_DEFAULT: Record<Part, number> = { morning: 9, afternoon: 15, evening: 19, night: 20 };

/** Hours of the day the spoken time could mean, most likely first. */
function hourCandidates(s: SpokenTime): number[] {
  if (s.hour === undefined) return [PART_DEFAULT[s.part ?? "morning"]];
  const h = s.hour;
  if (h > 12) return [h];
  if (s.meridiem === "pm") return [h === 12 ? 12 : h + 12];
  if (s.meridiem === "am") return [h === 12 ? 0 : h];
  if (s.part && s.part !== "morning") return [h === 12 ? 12 : h + 12];
  if (s.part === "morning") return [h];
  // No am/pm: people mean 7–11 in the morning and 1–6 in the afternoon or evening.
  if (h === 12) return [12];
  return h >= 7 ? [h, h + 12] : [h + 12, h];
}

/** "YYYY-MM-DDTHH:MM" for a request to be called at some time, if the text names one. */
export function resolveWhen(text: string, now: LocalTime): string | undefined {
  const t = text.toLowerCase();
  const rel = new RegExp(`\\bin (half an hour|(${NUM}) (?:and a half )?(minutes?|mins?|hours?|hrs?))\\b`).exec(t);
  if (rel) {
    const minutes = rel[1] === "half an hour" ? 30 : (numberOf(rel[2]) ?? 1) * (rel[3].startsWith("h") ? 60 : 1) + (rel[1].includes("and a half") ? 30 : 0);
    return addMinutes(now, minutes);
  }
  const day = dayOf(t, now.date);
  const spoken = timeOf(t);
  if (!day && !spoken) return undefined;
  const nowHm = now.time;
  if (!spoken) return `${day}T${nowHm}`;
  const hours = hourCandidates(spoken);
  const at = (h: number) => `${pad(h)}:${pad(spoken.minute)}`;
  if (day) return `${day}T${at(hours[0])}`;
  for (const h of hours) if (at(h) > nowHm) return `${now.date}T${at(h)}`;
  return `${addDays(now.date, 1)}T${at(hours[0])}`;
}

export function addMinutes(now: LocalTime, minutes: number): string {
  const plain = Temporal.PlainDateTime.from(`${now.date}T${now.time}`);
  let out: Temporal.PlainDateTime;
  try {
    out = now.zone ? plain.toZonedDateTime(now.zone).add({ minutes }).toPlainDateTime() : plain.add({ minutes });
  } catch {
    // Not an IANA zone name (e.g. "local"): wall-clock arithmetic is the best available.
    out = plain.add({ minutes });
  }
  return out.toString({ smallestUnit: "minute" });
}

/** "Monday at 7:30 PM" style wording for confirming a scheduled time out loud. */
export function speakDateTime(local: string, now?: LocalTime): string {
  const [date, time] = local.split("T");
  const [h, m] = time.split(":").map(Number);
  const clock = `${h % 12 === 0 ? 12 : h % 12}${m ? `:${pad(m)}` : ""} ${h < 12 ? "AM" : "PM"}`;
  if (now && date === now.date) return `today at ${clock}`;
  if (now && date === addDays(now.date, 1)) return `tomorrow at ${clock}`;
  const [, mo, d] = date.split("-").map(Number);
  const wd = WEEKDAYS[weekdayOf(date)];
  return `${wd[0].toUpperCase()}${wd.slice(1)}, ${MONTHS[mo - 1][0].toUpperCase()}${MONTHS[mo - 1].slice(1)} ${d}, at ${clock}`;
}
