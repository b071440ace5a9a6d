// A call's transcript turns and provider usage, written in batches by the CallSession.
import type { Queryable } from "./pool.ts";

export interface TurnRow {
  seq: number;
  speaker: "agent" | "caller";
  text: string;
  heardText: string | null;
  interrupted: boolean;
  startedAt: string;
  endedAt: string | null;
  sttFinalMs: number | null;
  llmFirstTokenMs: number | null;
  ttsFirstAudioMs: number | null;
  overheadMs: number | null;
  mouthToEarMs: number | null;
}

export type UsageUnit = "second" | "audio_second" | "prompt_token" | "completion_token" | "wasted_token" | "character";
export type UsageProvider = "twilio" | "deepgram" | "cerebras" | "elevenlabs";

export interface UsageRow {
  provider: UsageProvider;
  unit: UsageUnit;
  quantity: number;
  costMicrousd: number;
}

export async function upsertTurns(q: Queryable, callId: string, turns: TurnRow[]): Promise<void> {
  if (!turns.length) return;
  await q.query(
    `insert into call_turns (call_id, seq, speaker, text, heard_text, interrupted, started_at, ended_at, stt_final_ms, llm_first_token_ms, tts_first_audio_ms, overhead_ms, mouth_to_ear_ms)
     select $1, t.seq, t.speaker, t.text, t.heard_text, t.interrupted, t.started_at, t.ended_at, t.stt_final_ms, t.llm_first_token_ms, t.tts_first_audio_ms, t.overhead_ms, t.mouth_to_ear_ms
     from jsonb_to_recordset($2::jsonb) as t(seq int, speaker text, text text, heard_text text, interrupted boolean, started_at timestamptz, ended_at timestamptz,
       stt_final_ms int, llm_first_token_ms int, tts_first_audio_ms int, overhead_ms numeric, mouth_to_ear_ms int)
     on conflict (call_id, seq) do nothing`,
    [
      callId,
      JSON.stringify(
        turns.map((t) => ({
          seq: t.seq,
          speaker: t.speaker,
          text: t.text,
          heard_text: t.heardText,
          interrupted: t.interrupted,
          started_at: t.startedAt,
          ended_at: t.endedAt,
          stt_final_ms: t.sttFinalMs,
          llm_first_token_ms: t.llmFirstTokenMs,
          tts_first_audio_ms: t.ttsFirstAudioMs,
          overhead_ms: t.overheadMs,
          mouth_to_ear_ms: t.mouthToEarMs,
        })),
      ),
    ],
  );
}

/** Quantities are running totals for the call: the latest write wins. */
export async function upsertUsage(q: Queryable, callId: string, rows: UsageRow[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `insert into call_usage (call_id, provider, unit, quantity, cost_microusd)
     select $1, u.provider, u.unit, u.quantity, u.cost from jsonb_to_recordset($2::jsonb) as u(provider text, unit text, quantity numeric, cost bigint)
     on conflict (call_id, provider, unit) do update set quantity = excluded.quantity, cost_microusd = excluded.cost_microusd`,
    [callId, JSON.stringify(rows.map((r) => ({ provider: r.provider, unit: r.unit, quantity: Math.round(r.quantity * 1000) / 1000, cost: Math.round(r.costMicrousd) })))],
  );
}

export async function listTurns(q: Queryable, callId: string): Promise<TurnRow[]> {
  const r = await q.query<TurnRow>(
    `select seq, speaker, text, heard_text as "heardText", interrupted, started_at as "startedAt", ended_at as "endedAt", stt_final_ms as "sttFinalMs",
       llm_first_token_ms as "llmFirstTokenMs", tts_first_audio_ms as "ttsFirstAudioMs", overhead_ms::float8 as "overheadMs", mouth_to_ear_ms as "mouthToEarMs"
     from call_turns where call_id = $1 order by seq`,
    [callId],
  );
  return r.rows;
}

export async function listUsage(q: Queryable, callId: string): Promise<UsageRow[]> {
  const r = await q.query<UsageRow>(`select provider, unit, quantity::float8 as quantity, cost_microusd::float8 as "costMicrousd" from call_usage where call_id = $1 order by provider, unit`, [callId]);
  return r.rows;
}
