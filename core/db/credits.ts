// The credit ledger (append-only; see migrations/0001_init.sql). Every write is one INSERT
// whose running balance the database computes under a per-user lock, so concurrent writers
// can never overdraw: a reservation either lands or fails cleanly with InsufficientCredits.
import type { Queryable } from "./pool.ts";
import { CHECK_VIOLATION, pgCode, UNIQUE_VIOLATION } from "./tx.ts";

export type EntryKind = "grant" | "purchase" | "reserve" | "capture" | "release" | "refund" | "dispute" | "adjust";

export class InsufficientCredits extends Error {
  constructor() {
    super("insufficient credits");
    this.name = "InsufficientCredits";
  }
}

export interface LedgerEntry {
  id: string;
  seq: number;
  kind: EntryKind;
  amount: number;
  balanceAfter: number;
  ref: string;
  callId: string | null;
  paymentId: string | null;
  note: string | null;
  createdAt: string;
}

export interface NewEntry {
  userId: string;
  kind: EntryKind;
  amount: number;
  ref: string;
  callId?: string | null;
  paymentId?: string | null;
  note?: string | null;
}

const COLUMNS = `id::text, seq, kind, amount, balance_after as "balanceAfter", ref, call_id as "callId", payment_id as "paymentId", note, created_at as "createdAt"`;

/**
 * Append an entry. Idempotent on `ref`: writing the same ref again returns the existing entry
 * (`created: false`) instead of applying it twice.
 */
export async function appendEntry(q: Queryable, e: NewEntry): Promise<{ entry: LedgerEntry; created: boolean }> {
  try {
    const r = await q.query<LedgerEntry>(
      `insert into credit_entries (user_id, kind, amount, ref, call_id, payment_id, note) values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
      [e.userId, e.kind, e.amount, e.ref, e.callId ?? null, e.paymentId ?? null, e.note ?? null],
    );
    return { entry: r.rows[0], created: true };
  } catch (err) {
    const code = pgCode(err);
    if (code === CHECK_VIOLATION) throw new InsufficientCredits();
    if (code === UNIQUE_VIOLATION) {
      const existing = await q.query<LedgerEntry>(`select ${COLUMNS} from credit_entries where ref = $1 and user_id = $2`, [e.ref, e.userId]);
      if (existing.rows[0]) return { entry: existing.rows[0], created: false };
    }
    throw err;
  }
}

export async function balanceCents(q: Queryable, userId: string): Promise<number> {
  const r = await q.query<{ b: number }>("select coalesce((select balance_after from credit_entries where user_id = $1 order by seq desc limit 1), 0) as b", [userId]);
  return r.rows[0].b;
}

export async function listEntries(q: Queryable, userId: string, limit = 200): Promise<LedgerEntry[]> {
  const r = await q.query<LedgerEntry>(`select ${COLUMNS} from credit_entries where user_id = $1 order by seq desc limit $2`, [userId, limit]);
  return r.rows;
}

/** Cents spent (reserved or captured, net of releases) since the start of the month in UTC. */
export async function spentThisMonthCents(q: Queryable, userId: string, now = new Date()): Promise<number> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const r = await q.query<{ s: number }>(
    `select coalesce(-sum(amount), 0)::int as s from credit_entries
     where user_id = $1 and created_at >= $2 and kind in ('reserve', 'release', 'capture')`,
    [userId, start],
  );
  return r.rows[0].s;
}
