// What the persona's agenda tools do (tools.ts: schedule_call, snooze_next_call,
// stop_schedule), always on the caller's own agenda: this object is that user's, and the
// number called is the one this call used (or, for a web call, the user's first verified
// number) — never one the model names. Each answer is a sentence the persona can say.
import { isIsoDate } from "../../core/schedule/calendar.ts";
import { calleeZone } from "../../core/schedule/callee-zone.ts";
import { formatWhen, formatWhenDated } from "../../core/schedule/format.ts";
import { explainQuiet, nextAllowed, quietReason } from "../../core/schedule/quiet-hours.ts";
import { wallClockToInstant } from "../../core/schedule/wall-clock.ts";
import type { Queryable } from "../../core/db/pool.ts";
import { CALL_LENGTHS } from "../../core/pricing.ts";
import { createSchedule, setPaused } from "./commands.ts";
import { quietRulesFor } from "./planner.ts";
import type { ScheduleRecord, UserSettings } from "./records.ts";
import type { AgendaStore } from "./store.ts";

export interface VoiceCaller {
  userId: string;
  callId: string;
  personaId: string;
  timeZone: string;
  lengthSeconds: number;
}

export interface VoiceAnswer {
  ok: boolean;
  message: string;
}

const MAX_AHEAD_MS = 60 * 86_400_000;
const MAX_VOICE_ONE_OFFS = 10;

async function numberFor(db: Queryable, c: VoiceCaller): Promise<{ id: string; country: string } | undefined> {
  const r = await db.query<{ id: string; country: string }>(
    `select n.id, n.country from phone_numbers n
     where n.user_id = $1 and n.verified_at is not null
     order by (n.id = (select phone_number_id from calls where id = $2 and user_id = $1)) desc nulls last, n.verified_at
     limit 1`,
    [c.userId, c.callId],
  );
  return r.rows[0];
}

export async function scheduleByVoice(store: AgendaStore, db: Queryable, c: VoiceCaller, localDateTime: string, settings: UserSettings | null, nowMs: number): Promise<{ answer: VoiceAnswer; schedule?: ScheduleRecord }> {
  const [date, time] = localDateTime.split("T");
  if (!isIsoDate(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time ?? "")) return { answer: { ok: false, message: "That isn't a date and time I can schedule. Nothing was scheduled." } };
  const at = wallClockToInstant(date, time, c.timeZone).ms;
  if (at <= nowMs + 60_000) return { answer: { ok: false, message: "That time has already passed. Nothing was scheduled." } };
  if (at > nowMs + MAX_AHEAD_MS) return { answer: { ok: false, message: "I can only schedule calls up to 60 days ahead. Nothing was scheduled." } };
  const voiceOneOffs = store.schedules().filter((s) => s.source === "voice" && !s.paused && store.nextFireOf(s.id) !== null).length;
  if (voiceOneOffs >= MAX_VOICE_ONE_OFFS) return { answer: { ok: false, message: "You already have ten calls scheduled by voice; manage them in the app. Nothing was scheduled." } };
  const number = await numberFor(db, c);
  if (!number) return { answer: { ok: false, message: "There's no verified phone number on your account to call, so nothing was scheduled. You can add one in the app." } };
  const spec = {
    personaId: c.personaId,
    phoneNumberId: number.id,
    lengthSeconds: (CALL_LENGTHS as readonly number[]).includes(c.lengthSeconds) ? c.lengthSeconds : 300,
    timing: { localTime: time, timeZone: c.timeZone, recurrence: { kind: "once" as const, date }, untilDate: null, maxOccurrences: null },
    retryMax: 2,
    retryIntervalMinutes: 10,
    quietPolicy: "skip" as const,
    calleeZone: calleeZone(number.country, c.timeZone).zone,
    source: "voice" as const,
  };
  const rules = quietRulesFor({ ...spec, id: "", paused: false, createdMs: 0, updatedMs: 0, plannedMs: null, plannedDate: null }, settings);
  const why = quietReason(at, rules);
  if (why) {
    const alt = nextAllowed(at, rules, at + 86_400_000);
    const offer = alt === null ? "" : ` The earliest I could call is ${formatWhen(alt, c.timeZone)}.`;
    return { answer: { ok: false, message: `I can't call at that time: it is ${explainQuiet(why)}.${offer} Nothing was scheduled.` } };
  }
  const schedule = createSchedule(store, spec, settings, nowMs);
  return { answer: { ok: true, message: `Scheduled: I'll call you ${formatWhenDated(at, c.timeZone)}. It's in the app under Schedules.` }, schedule };
}

/** The next call that will actually ring (not one planned to be skipped). */
function nextPending(store: AgendaStore) {
  return store.open().find((o) => o.status === "pending" && !o.plannedSkip);
}

export function snoozeNext(store: AgendaStore, minutes: number, settings: UserSettings | null, nowMs: number, zone: string): VoiceAnswer {
  const o = nextPending(store);
  const s = o && store.schedule(o.scheduleId);
  if (!o || !s) return { ok: false, message: "There's no upcoming scheduled call to snooze." };
  const to = Math.max(o.fireMs ?? nowMs, nowMs) + minutes * 60_000;
  const why = quietReason(to, quietRulesFor(s, settings));
  if (why) return { ok: false, message: `I can't move it to ${formatWhen(to, zone)}: that is ${explainQuiet(why)}. Nothing was changed.` };
  store.putOccurrence({ ...o, fireMs: to, dueMs: to, plannedSkip: false, detail: `Snoozed by ${minutes} min by voice`, updatedMs: nowMs });
  return { ok: true, message: `Done: your next scheduled call is now ${formatWhen(to, zone)}.` };
}

export function stopByVoice(store: AgendaStore, which: "next" | "all", settings: UserSettings | null, nowMs: number, zone: string): VoiceAnswer {
  if (which === "next") {
    const o = nextPending(store);
    if (!o) return { ok: false, message: "There's no upcoming scheduled call to cancel." };
    store.putOccurrence({ ...o, status: "canceled", fireMs: null, outcome: "canceled_by_voice", detail: "Canceled by voice", updatedMs: nowMs });
    return { ok: true, message: `Okay: I won't call ${formatWhen(o.dueMs, zone)}. Your other scheduled calls stay as they are.` };
  }
  const active = store.schedules().filter((s) => !s.paused);
  if (!active.length) return { ok: false, message: "You have no scheduled calls to stop." };
  for (const s of active) setPaused(store, s.id, true, settings, nowMs, "Paused by voice");
  return { ok: true, message: `Okay: I've paused ${active.length === 1 ? "your scheduled call" : `all ${active.length} of your scheduled calls`}. You can resume them in the app.` };
}
