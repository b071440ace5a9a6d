// The ledger as people read it: each entry with the call or payment it belongs to.
import type { LedgerEntry } from "./credits.ts";
import type { Queryable } from "./pool.ts";

export interface HistoryEntry extends LedgerEntry {
  call: { id: string; personaName: string; status: string; createdAt: string } | null;
  payment: { id: string; product: string; status: string; amountCents: number } | null;
}

export async function ledgerHistory(q: Queryable, userId: string, limit: number, beforeSeq?: number): Promise<HistoryEntry[]> {
  const r = await q.query<HistoryEntry>(
    `select e.id::text, e.seq, e.kind, e.amount, e.balance_after as "balanceAfter", e.ref, e.call_id as "callId", e.payment_id as "paymentId",
       e.note, e.created_at as "createdAt",
       case when c.id is null then null else json_build_object('id', c.id, 'personaName', c.persona_name, 'status', c.status, 'createdAt', c.created_at) end as call,
       case when p.id is null then null else json_build_object('id', p.id, 'product', p.product, 'status', p.status, 'amountCents', p.amount_cents) end as payment
     from credit_entries e
     left join calls c on c.id = e.call_id
     left join payments p on p.id = e.payment_id
     where e.user_id = $1 and ($3::int is null or e.seq < $3)
     order by e.seq desc limit $2`,
    [userId, limit, beforeSeq ?? null],
  );
  return r.rows;
}
