// Credits for money: a paid payment grants its credits once; a refund or a dispute takes back
// the share of them that Stripe says was returned. Stripe's amounts are cumulative and re-read
// from Stripe, and each adjustment is computed against what the ledger already took back,
// under the user's lock — so events in any order, any number of times, end in one balance.
import { appendEntry } from "../db/credits.ts";
import { markPaid, recordDisputed, recordRefunded, type PaymentRow } from "../db/payments.ts";
import type { Pool, Queryable } from "../db/pool.ts";
import { withTransaction } from "../db/tx.ts";

const PRODUCT_NOTES = { single: "One call", pack: "Starter pack", plan: "Monthly plan" } as const;

/** Credits worth `cents` of a payment, rounded to the nearest credit (all of them for all of it). */
export function creditsFor(payment: Pick<PaymentRow, "credits" | "amountCents">, cents: number): number {
  if (payment.amountCents <= 0) return 0;
  return Math.round((payment.credits * Math.min(cents, payment.amountCents)) / payment.amountCents);
}

export async function grantPayment(q: Queryable, payment: PaymentRow, paymentIntentId: string | null): Promise<{ granted: boolean }> {
  await markPaid(q, payment.id, paymentIntentId);
  const { created } = await appendEntry(q, {
    userId: payment.userId,
    kind: "purchase",
    amount: payment.credits,
    ref: `purchase:payment:${payment.id}`,
    paymentId: payment.id,
    note: PRODUCT_NOTES[payment.product],
  });
  return { granted: created };
}

async function lockUser(q: Queryable, userId: string): Promise<void> {
  await q.query("select 1 from users where id = $1 for update", [userId]);
}

async function takenBack(q: Queryable, paymentId: string, refPrefix: string): Promise<number> {
  const r = await q.query<{ s: number }>("select coalesce(-sum(amount), 0)::int as s from credit_entries where payment_id = $1 and starts_with(ref, $2)", [paymentId, refPrefix]);
  return r.rows[0].s;
}

/** Stripe has refunded `refundedCents` of this payment in total (so far). */
export async function applyRefund(pool: Pool, payment: PaymentRow, refundedCents: number): Promise<void> {
  await withTransaction(pool, async (tx) => {
    await lockUser(tx, payment.userId);
    await recordRefunded(tx, payment.id, refundedCents);
    const due = creditsFor(payment, refundedCents) - (await takenBack(tx, payment.id, `refund:payment:${payment.id}:`));
    if (due <= 0) return; // a stale or repeated event: already taken back
    await appendEntry(tx, {
      userId: payment.userId,
      kind: "refund",
      amount: -due,
      ref: `refund:payment:${payment.id}:${refundedCents}`,
      paymentId: payment.id,
      note: `Refund of ${PRODUCT_NOTES[payment.product].toLowerCase()}: credits taken back`,
    });
  });
}

/** Dispute statuses in which the money has gone back to the card holder. */
const FUNDS_WITHDRAWN = new Set(["needs_response", "under_review", "lost"]);

/** A dispute on this payment is now in `status`: take its credits back, or give them back when won. */
export async function applyDispute(pool: Pool, payment: PaymentRow, dispute: { id: string; amount: number; status: string }): Promise<void> {
  await withTransaction(pool, async (tx) => {
    await lockUser(tx, payment.userId);
    const withdrawn = FUNDS_WITHDRAWN.has(dispute.status);
    await recordDisputed(tx, payment.id, withdrawn ? dispute.amount : 0);
    const target = withdrawn ? creditsFor(payment, dispute.amount) : 0;
    const delta = target - (await takenBack(tx, payment.id, `dispute:${dispute.id}:`));
    if (delta === 0) return;
    await appendEntry(tx, {
      userId: payment.userId,
      kind: "dispute",
      amount: -delta,
      ref: `dispute:${dispute.id}:${dispute.status}`,
      paymentId: payment.id,
      note: delta > 0 ? "Payment disputed: credits taken back" : "Dispute closed in your favour: credits returned",
    });
  });
}
