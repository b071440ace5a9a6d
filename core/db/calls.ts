import type { Queryable } from "./pool.ts";

export type CallStatus = "queued" | "initiated" | "ringing" | "in_progress" | "completed" | "busy" | "no_answer" | "failed" | "canceled";
export const TERMINAL: readonly CallStatus[] = ["completed", "busy", "no_answer", "failed", "canceled"];
export const isTerminal = (s: string) => (TERMINAL as readonly string[]).includes(s);

export interface CallRow {
  id: string;
  userId: string;
  personaId: string | null;
  personaName: string;
  channel: "phone" | "web";
  phoneNumberId: string | null;
  toE164: string | null;
  scheduleRunId: string | null;
  status: CallStatus;
  endReason: string | null;
  answeredBy: string | null;
  twilioCallSid: string | null;
  purchasedSeconds: number;
  priceCents: number;
  extensions: number;
  costMicrousd: number | null;
  createdAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  mouthToEarP50Ms: number | null;
}

export const CALL_COLUMNS = `id, user_id as "userId", persona_id as "personaId", persona_name as "personaName", channel,
  phone_number_id as "phoneNumberId", to_e164 as "toE164", schedule_run_id as "scheduleRunId", status, end_reason as "endReason",
  answered_by as "answeredBy", twilio_call_sid as "twilioCallSid", purchased_seconds as "purchasedSeconds", price_cents as "priceCents",
  extensions, cost_microusd::float8 as "costMicrousd", created_at as "createdAt", answered_at as "answeredAt", ended_at as "endedAt",
  duration_seconds as "durationSeconds", mouth_to_ear_p50_ms as "mouthToEarP50Ms"`;

export interface NewCall {
  userId: string;
  personaId: string;
  personaName: string;
  channel: "phone" | "web";
  phoneNumberId?: string | null;
  toE164?: string | null;
  scheduleRunId?: string | null;
  attempt?: number;
  purchasedSeconds: number;
  priceCents: number;
  idempotencyKey?: string | null;
}

export async function insertCall(q: Queryable, c: NewCall): Promise<CallRow> {
  const r = await q.query<CallRow>(
    `insert into calls (user_id, persona_id, persona_name, channel, phone_number_id, to_e164, schedule_run_id, attempt, purchased_seconds, price_cents, idempotency_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning ${CALL_COLUMNS}`,
    [c.userId, c.personaId, c.personaName, c.channel, c.phoneNumberId ?? null, c.toE164 ?? null, c.scheduleRunId ?? null, c.attempt ?? 1, c.purchasedSeconds, c.priceCents, c.idempotencyKey ?? null],
  );
  return r.rows[0];
}

export async function getCall(q: Queryable, id: string): Promise<CallRow | undefined> {
  const r = await q.query<CallRow>(`select ${CALL_COLUMNS} from calls where id = $1`, [id]);
  return r.rows[0];
}

export async function getUserCall(q: Queryable, userId: string, id: string): Promise<CallRow | undefined> {
  const r = await q.query<CallRow>(`select ${CALL_COLUMNS} from calls where id = $1 and user_id = $2`, [id, userId]);
  return r.rows[0];
}

export async function findCallByIdempotencyKey(q: Queryable, userId: string, key: string): Promise<CallRow | undefined> {
  const r = await q.query<CallRow>(`select ${CALL_COLUMNS} from calls where user_id = $1 and idempotency_key = $2`, [userId, key]);
  return r.rows[0];
}

/** A live call to this number (for this user) blocks another one. */
export async function activeCallTo(q: Queryable, userId: string, phoneNumberId: string): Promise<CallRow | undefined> {
  const r = await q.query<CallRow>(
    `select ${CALL_COLUMNS} from calls where user_id = $1 and phone_number_id = $2 and call_status_rank(status) < 4 and created_at > now() - interval '2 hours' limit 1`,
    [userId, phoneNumberId],
  );
  return r.rows[0];
}

export async function listUserCalls(q: Queryable, userId: string, limit = 50, before?: string): Promise<CallRow[]> {
  const r = await q.query<CallRow>(`select ${CALL_COLUMNS} from calls where user_id = $1 and ($3::timestamptz is null or created_at < $3) order by created_at desc limit $2`, [
    userId,
    limit,
    before ?? null,
  ]);
  return r.rows;
}

export interface StatusUpdate {
  status: CallStatus;
  endReason?: string | null;
  answeredBy?: string | null;
  twilioCallSid?: string | null;
  durationSeconds?: number | null;
}

/** Move the status forward only; returns the row when it changed. */
export async function advanceCallStatus(q: Queryable, id: string, u: StatusUpdate): Promise<CallRow | undefined> {
  const r = await q.query<CallRow>(
    `update calls set status = $2,
       end_reason = coalesce(end_reason, $3),
       answered_by = coalesce($4, answered_by),
       twilio_call_sid = coalesce(twilio_call_sid, $5),
       duration_seconds = coalesce($6, duration_seconds),
       ringing_at = case when $2 = 'ringing' then coalesce(ringing_at, now()) else ringing_at end,
       answered_at = case when $2 = 'in_progress' then coalesce(answered_at, now()) else answered_at end,
       ended_at = case when call_status_rank($2) = 4 then coalesce(ended_at, now()) else ended_at end
     where id = $1 and call_status_rank(status) < call_status_rank($2)
     returning ${CALL_COLUMNS}`,
    [id, u.status, u.endReason ?? null, u.answeredBy ?? null, u.twilioCallSid ?? null, u.durationSeconds ?? null],
  );
  return r.rows[0];
}

export async function setCallFacts(q: Queryable, id: string, f: { twilioCallSid?: string; endReason?: string; durationSeconds?: number; answeredBy?: string; costMicrousd?: number; mouthToEarP50Ms?: number | null; answeredAt?: Date }): Promise<void> {
  await q.query(
    `update calls set twilio_call_sid = coalesce(twilio_call_sid, $2), end_reason = coalesce(end_reason, $3), duration_seconds = coalesce($4, duration_seconds),
       answered_by = coalesce(answered_by, $5), cost_microusd = coalesce($6, cost_microusd), mouth_to_ear_p50_ms = coalesce($7, mouth_to_ear_p50_ms),
       answered_at = coalesce(answered_at, $8)
     where id = $1`,
    [id, f.twilioCallSid ?? null, f.endReason ?? null, f.durationSeconds ?? null, f.answeredBy ?? null, f.costMicrousd ?? null, f.mouthToEarP50Ms ?? null, f.answeredAt?.toISOString() ?? null],
  );
}

export async function addExtension(q: Queryable, id: string, seconds: number): Promise<void> {
  await q.query("update calls set extensions = extensions + 1, purchased_seconds = purchased_seconds + $2 where id = $1", [id, seconds]);
}
