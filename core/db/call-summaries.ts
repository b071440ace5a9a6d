// Storing what a call left behind: its summary and new memory items, in one transaction
// keyed by the call. The summary row is the idempotency key — a repeated after-call run
// finds it and adds nothing — and the user's row lock serialises two calls' summaries so
// the duplicate check sees the other's items.
import { newItems } from "../memory/dedupe.ts";
import type { TranscriptTurn } from "../memory/summary-request.ts";
import { MEMORY_LIMITS, type MemoryItem } from "../memory/types.ts";
import { UNIT_COSTS_MICROUSD } from "../pricing.ts";
import type { Pool, Queryable } from "./pool.ts";
import { withTransaction } from "./tx.ts";

export interface SummaryCallFacts {
  callId: string;
  userId: string;
  personaId: string | null;
  personaName: string;
  timeZone: string;
  /** When the call was answered (else placed). */
  startedAt: Date;
  answered: boolean;
  summarized: boolean;
}

/** The call as the database knows it: whose it is, with whom, and whether it has a summary yet. */
export async function summaryCallFacts(q: Queryable, callId: string): Promise<SummaryCallFacts | undefined> {
  const r = await q.query<Omit<SummaryCallFacts, "startedAt"> & { startedAt: unknown }>(
    `select c.id as "callId", c.user_id as "userId", c.persona_id as "personaId", c.persona_name as "personaName", u.time_zone as "timeZone",
            coalesce(c.answered_at, c.created_at) as "startedAt", (c.answered_at is not null) as answered,
            exists (select 1 from call_summaries s where s.call_id = c.id) as summarized
     from calls c join users u on u.id = c.user_id where c.id = $1`,
    [callId],
  );
  const row = r.rows[0];
  return row && { ...row, startedAt: row.startedAt instanceof Date ? row.startedAt : new Date(String(row.startedAt)) };
}

export async function callTranscript(q: Queryable, callId: string): Promise<TranscriptTurn[]> {
  const r = await q.query<TranscriptTurn>(`select speaker, text, heard_text as "heardText" from call_turns where call_id = $1 order by seq`, [callId]);
  return r.rows;
}

export interface CallMemory {
  callId: string;
  userId: string;
  personaId: string;
  summary: string;
  items: ReadonlyArray<Omit<MemoryItem, "updatedAt">>;
  /** The summary request's tokens, added to the call's own usage and cost. */
  usage?: { promptTokens: number; completionTokens: number };
}

export interface SavedCallMemory {
  /** False when the call already had a summary (a repeated run): nothing was written. */
  saved: boolean;
  added: number;
  pruned: number;
}

export async function saveCallMemory(pool: Pool, m: CallMemory): Promise<SavedCallMemory> {
  return withTransaction(pool, async (tx) => {
    await tx.query("select 1 from users where id = $1 for update", [m.userId]);
    const ins = await tx.query(
      "insert into call_summaries (call_id, user_id, persona_id, summary) values ($1, $2, $3, $4) on conflict (call_id) do nothing returning call_id",
      [m.callId, m.userId, m.personaId, m.summary],
    );
    if (!ins.rowCount) return { saved: false, added: 0, pruned: 0 };

    const known = await tx.query<{ text: string; dueDate: string | null }>(
      `select text, to_char(due_date, 'YYYY-MM-DD') as "dueDate" from memories where user_id = $1 and persona_id = $2`,
      [m.userId, m.personaId],
    );
    const fresh = newItems(known.rows, m.items).slice(0, MEMORY_LIMITS.perCall);
    if (fresh.length) {
      await tx.query(
        `insert into memories (user_id, persona_id, kind, text, due_date, source_call_id, origin)
         select $1, $2, x.kind, x.text, x.due_date, $3, 'call' from jsonb_to_recordset($4::jsonb) as x(kind text, text text, due_date date)`,
        [m.userId, m.personaId, m.callId, JSON.stringify(fresh.map((i) => ({ kind: i.kind, text: i.text, due_date: i.dueDate })))],
      );
    }
    // Bounded: beyond the limit the oldest call-written items go; people's own items stay.
    const pruned = await tx.query(
      `delete from memories where id in (
         select id from memories where user_id = $1 and persona_id = $2 and origin = 'call'
         order by updated_at desc, created_at desc offset greatest(0, $3 - (select count(*) from memories where user_id = $1 and persona_id = $2 and origin = 'user')))`,
      [m.userId, m.personaId, MEMORY_LIMITS.perPersona],
    );
    if (m.usage) await addSummaryUsage(tx, m.callId, m.usage);
    return { saved: true, added: fresh.length, pruned: pruned.rowCount ?? 0 };
  });
}

/** The summary is part of what the call cost: its tokens join the call's Cerebras usage. */
async function addSummaryUsage(q: Queryable, callId: string, u: { promptTokens: number; completionTokens: number }): Promise<void> {
  const c = UNIT_COSTS_MICROUSD.cerebras;
  const rows = [
    { unit: "prompt_token", quantity: u.promptTokens, cost: Math.round(u.promptTokens * c.prompt_token) },
    { unit: "completion_token", quantity: u.completionTokens, cost: Math.round(u.completionTokens * c.completion_token) },
  ].filter((r) => r.quantity > 0);
  if (!rows.length) return;
  await q.query(
    `insert into call_usage (call_id, provider, unit, quantity, cost_microusd)
     select $1, 'cerebras', r.unit, r.quantity, r.cost from jsonb_to_recordset($2::jsonb) as r(unit text, quantity numeric, cost bigint)
     on conflict (call_id, provider, unit) do update set quantity = call_usage.quantity + excluded.quantity, cost_microusd = call_usage.cost_microusd + excluded.cost_microusd`,
    [callId, JSON.stringify(rows)],
  );
  await q.query("update calls set cost_microusd = coalesce(cost_microusd, 0) + $2 where id = $1", [callId, rows.reduce((a, r) => a + r.cost, 0)]);
}
