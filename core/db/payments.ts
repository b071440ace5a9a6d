// Payments through Stripe: one row per Checkout of a pack (or single call) and one per paid
// invoice of the monthly plan. The status is derived from facts (paid, refunded, disputed
// amounts) so that webhook events handled in any order end in the same state.
import type { ProductId } from "../pricing.ts";
import type { Queryable } from "./pool.ts";

export type PaymentStatus = "pending" | "paid" | "failed" | "expired" | "refunded" | "partially_refunded" | "disputed";

export interface PaymentRow {
  id: string;
  userId: string;
  product: ProductId;
  amountCents: number;
  credits: number;
  status: PaymentStatus;
  refundedCents: number;
  disputedCents: number;
  checkoutSessionId: string | null;
  paymentIntentId: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
  paidAt: string | null;
  createdAt: string;
}

const COLUMNS = `id, user_id as "userId", product, amount_cents as "amountCents", credits, status, refunded_cents as "refundedCents",
  disputed_cents as "disputedCents", stripe_checkout_session_id as "checkoutSessionId", stripe_payment_intent_id as "paymentIntentId",
  stripe_subscription_id as "subscriptionId", stripe_invoice_id as "invoiceId", paid_at as "paidAt", created_at as "createdAt"`;

export async function createPendingPayment(q: Queryable, p: { userId: string; product: ProductId; amountCents: number; credits: number }): Promise<PaymentRow> {
  const r = await q.query<PaymentRow>(`insert into payments (user_id, product, amount_cents, credits) values ($1, $2, $3, $4) returning ${COLUMNS}`, [
    p.userId,
    p.product,
    p.amountCents,
    p.credits,
  ]);
  return r.rows[0];
}

export async function setCheckoutSession(q: Queryable, paymentId: string, sessionId: string): Promise<void> {
  await q.query("update payments set stripe_checkout_session_id = $2, updated_at = now() where id = $1", [paymentId, sessionId]);
}

export async function getPayment(q: Queryable, id: string): Promise<PaymentRow | undefined> {
  const r = await q.query<PaymentRow>(`select ${COLUMNS} from payments where id = $1`, [id]);
  return r.rows[0];
}

export async function paymentBy(q: Queryable, field: "session" | "intent" | "invoice", value: string): Promise<PaymentRow | undefined> {
  const column = { session: "stripe_checkout_session_id", intent: "stripe_payment_intent_id", invoice: "stripe_invoice_id" }[field];
  const r = await q.query<PaymentRow>(`select ${COLUMNS} from payments where ${column} = $1`, [value]);
  return r.rows[0];
}

export async function listPayments(q: Queryable, userId: string, limit = 100): Promise<PaymentRow[]> {
  const r = await q.query<PaymentRow>(`select ${COLUMNS} from payments where user_id = $1 order by created_at desc limit $2`, [userId, limit]);
  return r.rows;
}

/** The latest unpaid checkout of a product in the last day (a Checkout Session lives 24 h). */
export async function recentPendingPayment(q: Queryable, userId: string, product: ProductId): Promise<PaymentRow | undefined> {
  const r = await q.query<PaymentRow>(
    `select ${COLUMNS} from payments where user_id = $1 and product = $2 and status = 'pending' and stripe_checkout_session_id is not null
       and created_at > now() - interval '23 hours' order by created_at desc limit 1`,
    [userId, product],
  );
  return r.rows[0];
}

/** Stripe says the money arrived: remember when and through which PaymentIntent. */
export async function markPaid(q: Queryable, id: string, paymentIntentId: string | null): Promise<void> {
  await q.query(
    `update payments set paid_at = coalesce(paid_at, now()), stripe_payment_intent_id = coalesce(stripe_payment_intent_id, $2), updated_at = now() where id = $1`,
    [id, paymentIntentId],
  );
  await refreshStatus(q, id);
}

export async function setPaymentIntent(q: Queryable, id: string, paymentIntentId: string): Promise<void> {
  await q.query("update payments set stripe_payment_intent_id = coalesce(stripe_payment_intent_id, $2), updated_at = now() where id = $1", [id, paymentIntentId]);
}

/** A Checkout that ended without money (expired, or an async payment that failed). */
export async function markUnpaid(q: Queryable, id: string, status: "expired" | "failed"): Promise<void> {
  await q.query("update payments set status = $2, updated_at = now() where id = $1 and status = 'pending' and paid_at is null", [id, status]);
}

/** Cumulative amounts from Stripe only ever grow; a stale re-read can't shrink them. */
export async function recordRefunded(q: Queryable, id: string, refundedCents: number): Promise<void> {
  await q.query("update payments set refunded_cents = greatest(refunded_cents, $2), updated_at = now() where id = $1", [id, refundedCents]);
  await refreshStatus(q, id);
}

export async function recordDisputed(q: Queryable, id: string, disputedCents: number): Promise<void> {
  await q.query("update payments set disputed_cents = $2, updated_at = now() where id = $1", [id, disputedCents]);
  await refreshStatus(q, id);
}

async function refreshStatus(q: Queryable, id: string): Promise<void> {
  await q.query(
    `update payments set status = case
       when disputed_cents > 0 then 'disputed'
       when refunded_cents > 0 and refunded_cents >= amount_cents then 'refunded'
       when refunded_cents > 0 then 'partially_refunded'
       when paid_at is not null then 'paid'
       else status end
     where id = $1`,
    [id],
  );
}

export interface InvoicePayment {
  userId: string;
  invoiceId: string;
  subscriptionId: string;
  amountCents: number;
  credits: number;
  /** The plan's Checkout row: its first invoice belongs to it rather than to a new row. */
  checkoutPaymentId: string | null;
}

/**
 * The payment row of a plan invoice, created once. The first invoice attaches to the pending
 * Checkout row it paid for; renewals get rows of their own. Safe under concurrent copies of
 * one event: the unique invoice id makes the losers find the winner's row.
 */
export async function paymentForInvoice(q: Queryable, p: InvoicePayment): Promise<PaymentRow> {
  const existing = await paymentBy(q, "invoice", p.invoiceId);
  if (existing) return existing;
  if (p.checkoutPaymentId) {
    const r = await q.query<PaymentRow>(
      `update payments set stripe_invoice_id = $3, stripe_subscription_id = $4, updated_at = now()
       where id = $1 and user_id = $2 and product = 'plan' and stripe_invoice_id is null returning ${COLUMNS}`,
      [p.checkoutPaymentId, p.userId, p.invoiceId, p.subscriptionId],
    );
    if (r.rows[0]) return r.rows[0];
  }
  const r = await q.query<PaymentRow>(
    `insert into payments (user_id, product, amount_cents, credits, stripe_invoice_id, stripe_subscription_id)
     values ($1, 'plan', $2, $3, $4, $5)
     on conflict (stripe_invoice_id) do update set updated_at = now() returning ${COLUMNS}`,
    [p.userId, p.amountCents, p.credits, p.invoiceId, p.subscriptionId],
  );
  return r.rows[0];
}
