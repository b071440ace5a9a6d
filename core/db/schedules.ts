// The Neon mirror of every user's agenda (schedules, schedule_runs). The UserAgenda Durable
// Object owns the truth and writes here in batches; the web app and the backstop read.
// Writes are upserts keyed by the agenda's own ids, so replaying a batch after a crash is
// harmless, and each carries user_id so no batch can touch another user's rows.
import type { Queryable } from "./pool.ts";
import type { Recurrence } from "../schedule/types.ts";

export type RunStatus = "pending" | "dialing" | "retry_wait" | "answered" | "missed" | "skipped" | "failed" | "canceled";

export interface ScheduleMirrorRow {
  id: string;
  userId: string;
  personaId: string;
  phoneNumberId: string;
  lengthSeconds: number;
  localTime: string;
  timeZone: string;
  recurrence: Recurrence;
  untilDate: string | null;
  maxOccurrences: number | null;
  paused: boolean;
  retryMax: number;
  retryIntervalMinutes: number;
  quietPolicy: "move" | "skip";
  source: "app" | "voice";
  nextDueAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AttemptLogEntry {
  attempt: number;
  callId: string | null;
  outcome: string;
  at: string;
}

export interface RunMirrorRow {
  id: string;
  scheduleId: string;
  userId: string;
  occurrenceKey: string;
  dueAt: string;
  status: RunStatus;
  attempts: number;
  outcome: string | null;
  detail: string | null;
  attemptLog: AttemptLogEntry[];
}

const SCHEDULE_COLUMNS = `id uuid, user_id uuid, persona_id text, phone_number_id uuid, length_seconds int, local_time time, time_zone text,
  recurrence jsonb, until_date date, max_occurrences int, paused boolean, retry_max int, retry_interval_minutes int, quiet_policy text,
  source text, next_due_at timestamptz, created_at timestamptz, updated_at timestamptz`;

function scheduleJson(r: ScheduleMirrorRow) {
  return {
    id: r.id, user_id: r.userId, persona_id: r.personaId, phone_number_id: r.phoneNumberId, length_seconds: r.lengthSeconds, local_time: r.localTime,
    time_zone: r.timeZone, recurrence: r.recurrence, until_date: r.untilDate, max_occurrences: r.maxOccurrences, paused: r.paused, retry_max: r.retryMax,
    retry_interval_minutes: r.retryIntervalMinutes, quiet_policy: r.quietPolicy, source: r.source, next_due_at: r.nextDueAt, created_at: r.createdAt, updated_at: r.updatedAt,
  };
}

export async function upsertSchedules(q: Queryable, rows: ScheduleMirrorRow[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `insert into schedules (id, user_id, persona_id, phone_number_id, length_seconds, local_time, time_zone, recurrence, until_date, max_occurrences,
       paused, retry_max, retry_interval_minutes, quiet_policy, source, next_due_at, created_at, updated_at)
     select x.* from jsonb_to_recordset($1::jsonb) as x(${SCHEDULE_COLUMNS})
     on conflict (id) do update set persona_id = excluded.persona_id, phone_number_id = excluded.phone_number_id, length_seconds = excluded.length_seconds,
       local_time = excluded.local_time, time_zone = excluded.time_zone, recurrence = excluded.recurrence, until_date = excluded.until_date,
       max_occurrences = excluded.max_occurrences, paused = excluded.paused, retry_max = excluded.retry_max,
       retry_interval_minutes = excluded.retry_interval_minutes, quiet_policy = excluded.quiet_policy, next_due_at = excluded.next_due_at,
       updated_at = excluded.updated_at
     where schedules.user_id = excluded.user_id`,
    [JSON.stringify(rows.map(scheduleJson))],
  );
}

export async function deleteScheduleRow(q: Queryable, userId: string, id: string): Promise<void> {
  await q.query("delete from schedules where id = $1 and user_id = $2", [id, userId]);
}

/** Upserts runs; answers the id each (schedule, occurrence) has in Neon. */
export async function upsertRuns(q: Queryable, rows: RunMirrorRow[]): Promise<Array<{ id: string; scheduleId: string; occurrenceKey: string }>> {
  if (!rows.length) return [];
  const json = rows.map((r) => ({
    id: r.id, schedule_id: r.scheduleId, user_id: r.userId, occurrence_key: r.occurrenceKey, due_at: r.dueAt, status: r.status,
    attempts: r.attempts, outcome: r.outcome, detail: r.detail, attempt_log: r.attemptLog,
  }));
  const res = await q.query<{ id: string; scheduleId: string; occurrenceKey: string }>(
    `insert into schedule_runs (id, schedule_id, user_id, occurrence_key, due_at, status, attempts, outcome, detail, attempt_log)
     select x.* from jsonb_to_recordset($1::jsonb) as x(id uuid, schedule_id uuid, user_id uuid, occurrence_key text, due_at timestamptz,
       status text, attempts int, outcome text, detail text, attempt_log jsonb)
     on conflict (schedule_id, occurrence_key) do update set due_at = excluded.due_at, status = excluded.status, attempts = excluded.attempts,
       outcome = excluded.outcome, detail = excluded.detail, attempt_log = excluded.attempt_log, updated_at = now()
     where schedule_runs.user_id = excluded.user_id
     returning id, schedule_id as "scheduleId", occurrence_key as "occurrenceKey"`,
    [JSON.stringify(json)],
  );
  return res.rows;
}

export async function deleteRuns(q: Queryable, userId: string, keys: Array<{ scheduleId: string; occurrenceKey: string }>): Promise<void> {
  if (!keys.length) return;
  await q.query(
    `delete from schedule_runs r using jsonb_to_recordset($2::jsonb) as x(schedule_id uuid, occurrence_key text)
     where r.user_id = $1 and r.schedule_id = x.schedule_id and r.occurrence_key = x.occurrence_key`,
    [userId, JSON.stringify(keys.map((k) => ({ schedule_id: k.scheduleId, occurrence_key: k.occurrenceKey })))],
  );
}

/** Users whose agenda should have acted before `before` and apparently didn't (the backstop). */
export async function overdueAgendaUsers(q: Queryable, before: Date, limit = 500): Promise<string[]> {
  const r = await q.query<{ userId: string }>(
    `select user_id as "userId" from schedules where next_due_at < $1 and not paused group by user_id order by min(next_due_at) limit $2`,
    [before.toISOString(), limit],
  );
  return r.rows.map((x) => x.userId);
}

// ——— reads for the web app ———

/** A schedule as the app lists it: the mirror's fields with the persona's name and the number. */
export interface ScheduleListItem extends Omit<ScheduleMirrorRow, "userId" | "updatedAt"> {
  personaName: string;
  e164: string;
}

const LIST_COLUMNS = `s.id, s.persona_id as "personaId", p.name as "personaName", s.phone_number_id as "phoneNumberId", n.e164,
  s.length_seconds as "lengthSeconds", to_char(s.local_time, 'HH24:MI:SS') as "localTime", s.time_zone as "timeZone", s.recurrence,
  to_char(s.until_date, 'YYYY-MM-DD') as "untilDate", s.max_occurrences as "maxOccurrences", s.paused, s.retry_max as "retryMax",
  s.retry_interval_minutes as "retryIntervalMinutes", s.quiet_policy as "quietPolicy", s.source, s.next_due_at as "nextDueAt", s.created_at as "createdAt"`;

/** "HH:MM:SS" with zero seconds reads as the "HH:MM" people typed. */
function tidy(s: ScheduleListItem): ScheduleListItem {
  return { ...s, localTime: s.localTime.endsWith(":00") ? s.localTime.slice(0, 5) : s.localTime };
}

export async function listUserSchedules(q: Queryable, userId: string): Promise<ScheduleListItem[]> {
  const r = await q.query<ScheduleListItem>(
    `select ${LIST_COLUMNS} from schedules s join personas p on p.id = s.persona_id join phone_numbers n on n.id = s.phone_number_id
     where s.user_id = $1 order by s.created_at`,
    [userId],
  );
  return r.rows.map(tidy);
}

export async function getUserSchedule(q: Queryable, userId: string, id: string): Promise<ScheduleListItem | undefined> {
  const r = await q.query<ScheduleListItem>(
    `select ${LIST_COLUMNS} from schedules s join personas p on p.id = s.persona_id join phone_numbers n on n.id = s.phone_number_id
     where s.user_id = $1 and s.id = $2`,
    [userId, id],
  );
  return r.rows[0] && tidy(r.rows[0]);
}

/** An occurrence as the app lists it: the mirror's fields with the persona's name. */
export interface RunListItem extends Omit<RunMirrorRow, "userId" | "attemptLog"> {
  personaName: string;
}

/** Occurrences still to come or happening, soonest first. */
export async function listOpenRuns(q: Queryable, userId: string, limit = 20): Promise<RunListItem[]> {
  const r = await q.query<RunListItem>(
    `select r.id, r.schedule_id as "scheduleId", r.occurrence_key as "occurrenceKey", r.due_at as "dueAt", r.status, r.attempts, r.outcome, r.detail, p.name as "personaName"
     from schedule_runs r join schedules s on s.id = r.schedule_id join personas p on p.id = s.persona_id
     where r.user_id = $1 and r.status in ('pending', 'dialing', 'retry_wait') and not s.paused
     order by r.due_at limit $2`,
    [userId, limit],
  );
  return r.rows;
}

/** What happened lately (answered, missed, skipped...), newest first. */
export async function listRecentRuns(q: Queryable, userId: string, sinceDays = 14, limit = 20): Promise<RunListItem[]> {
  const r = await q.query<RunListItem>(
    `select r.id, r.schedule_id as "scheduleId", r.occurrence_key as "occurrenceKey", r.due_at as "dueAt", r.status, r.attempts, r.outcome, r.detail, p.name as "personaName"
     from schedule_runs r join schedules s on s.id = r.schedule_id join personas p on p.id = s.persona_id
     where r.user_id = $1 and r.status not in ('pending', 'dialing', 'retry_wait') and r.updated_at > now() - make_interval(days => $2)
     order by r.updated_at desc limit $3`,
    [userId, sinceDays, limit],
  );
  return r.rows;
}
