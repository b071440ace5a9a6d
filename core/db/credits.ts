// The credit ledger (append-only; see migrations/0001_init.sql). Every write is one INSERT
// whose running balance the database computes under a per-user lock, so concurrent writers
// can never overdraw: a reservation either lands or fails cleanly with InsufficientCredits.
import type { Queryable } from "./pool.ts";
import { CHECK_VIOLATION, pgCode } from "./tx.ts";

export type EntryKind = "grant" | "purchase" | "reserve" | "capture" | "release" | "refund" | "dispute" | "adjust";

export class InsufficientCredits extends Error {
  constructor() {
    super("insufficient credits");
    this.name = "InsufficientCredits";
  }
}

/** The entry would take this month's call spending past the user's monthly budget. */
export class BudgetExceeded extends Error {
  constructor() {
    super("over the monthly budget");
    this.name = "BudgetExceeded";
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
 * (`created: false`) instead of applying it twice. The database skips a known ref under the
 * per-user lock without raising, so this is safe inside a caller's transaction too.
 */
export async function appendEntry(q: Queryable, e: NewEntry): Promise<{ entry: LedgerEntry; created: boolean }> {
  let rows: LedgerEntry[];
  try {
    const r = await q.query<LedgerEntry>(
      `insert into credit_entries (user_id, kind, amount, ref, call_id, payment_id, note) values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
      [e.userId, e.kind, e.amount, e.ref, e.callId ?? null, e.paymentId ?? null, e.note ?? null],
    );
    rows = r.rows;
  } catch (err) {
    throw ledgerError(err);
  }
  if (rows[0]) return { entry: rows[0], created: true };
  const existing = await entryByRef(q, e.ref);
  if (!existing || existing.userId !== e.userId) throw new Error(`ledger ref ${e.ref} belongs to another account`);
  return { entry: existing, created: false };
}

/** The ledger's refusals as typed errors; anything else (a bug) passes through unchanged. */
export function ledgerError(err: unknown): unknown {
  if (pgCode(err) !== CHECK_VIOLATION) return err;
  const constraint = (err as { constraint?: unknown }).constraint;
  if (constraint === "credit_entries_insufficient_credits") return new InsufficientCredits();
  if (constraint === "credit_entries_over_budget") return new BudgetExceeded();
  return err;
}

export async function entryByRef(q: Queryable, ref: string): Promise<(LedgerEntry & { userId: string }) | undefined> {
  const r = await q.query<LedgerEntry & { userId: string }>(`select ${COLUMNS}, user_id as "userId" from credit_entries where ref = $1`, [ref]);
  return r.rows[0];
}

export async function balanceCents(q: Queryable, userId: string): Promise<number> {
  const r = await q.query<{ b: number }>("select coalesce((select balance_after from credit_entries where user_id = $1 order by seq desc limit 1), 0) as b", [userId]);
  return r.rows[0].b;
}

export async function listEntries(q: Queryable, userId: string, limit = 200): Promise<LedgerEntry[]> {
  const r = await q.query<LedgerEntry>(`select ${COLUMNS} from credit_entries where user_id = $1 order by seq desc limit $2`, [userId, limit]);
  return r.rows;
}

/**
 * Cents spent on calls (reserved or captured, net of releases) in the user's billing month: the
 * calendar month in their time zone, the same window the ledger trigger enforces the budget on.
 */
export async function spentThisMonthCents(q: Queryable, userId: string): Promise<number> {
  const r = await q.query<{ s: number }>(
    `select coalesce(-sum(e.amount), 0)::int as s from credit_entries e join users u on u.id = e.user_id
     where e.user_id = $1 and e.kind in ('reserve', 'release', 'capture') and e.created_at >= billing_month_start(u.time_zone)`,
    [userId],
  );
  return r.rows[0].s;
}

export async function callEntries(q: Queryable, callId: string): Promise<LedgerEntry[]> {
  const r = await q.query<LedgerEntry>(`select ${COLUMNS} from credit_entries where call_id = $1 order by seq`, [callId]);
  return r.rows;
}
