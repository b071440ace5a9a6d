// Call history as people read it: each call with the credits it actually used (the ledger's
// net for the call: a reservation captured, released, plus any extensions).
import { CALL_COLUMNS, type CallRow } from "./calls.ts";
import type { Queryable } from "./pool.ts";

export interface HistoryCall extends CallRow {
  creditsCents: number;
}

const CREDITS = `coalesce((select -sum(e.amount) from credit_entries e where e.call_id = calls.id and e.user_id = calls.user_id), 0)::int as "creditsCents"`;

export async function listCallHistory(q: Queryable, userId: string, limit = 50, before?: string): Promise<HistoryCall[]> {
  const r = await q.query<HistoryCall>(
    `select ${CALL_COLUMNS}, ${CREDITS} from calls where user_id = $1 and ($3::timestamptz is null or created_at < $3) order by created_at desc limit $2`,
    [userId, limit, before ?? null],
  );
  return r.rows;
}

export async function getHistoryCall(q: Queryable, userId: string, callId: string): Promise<HistoryCall | undefined> {
  const r = await q.query<HistoryCall>(`select ${CALL_COLUMNS}, ${CREDITS} from calls where id = $1 and user_id = $2`, [callId, userId]);
  return r.rows[0];
}
