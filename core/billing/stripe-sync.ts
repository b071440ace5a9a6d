// Bring our records in line with Stripe's objects. Every function re-reads the object from
// Stripe instead of trusting an event's snapshot: events arrive late, twice and out of order,
// and only the object's current state tells which of them is the latest word.
import type Stripe from "stripe";
import { getPayment, markUnpaid, paymentBy, paymentForInvoice, setPaymentIntent, type PaymentRow } from "../db/payments.ts";
import type { Pool } from "../db/pool.ts";
import { upsertSubscription } from "../db/subscriptions.ts";
import { PRODUCTS } from "../pricing.ts";
import { applyDispute, applyRefund, grantPayment } from "./payment-credits.ts";
import { userForStripe } from "./stripe-customers.ts";

export interface SyncDeps {
  db: Pool;
  stripe: Stripe;
}

/** A payment of ours that we can't place yet (its invoice isn't recorded): Stripe should retry. */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryLater";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuidOrNull = (v: string | undefined) => (v && UUID.test(v) ? v : null);
const idOf = (v: string | { id: string } | null | undefined) => (v == null ? null : typeof v === "string" ? v : v.id);

export async function syncCheckoutSession(deps: SyncDeps, sessionId: string, asyncFailed = false): Promise<PaymentRow | undefined> {
  const s = await deps.stripe.checkout.sessions.retrieve(sessionId);
  // The metadata covers a webhook that beats us to storing the session id on the row.
  const payment = (await paymentBy(deps.db, "session", s.id)) ?? (await paymentFromMetadata(deps.db, s.metadata));
  if (!payment) return undefined;
  if (s.mode === "subscription") {
    const sub = idOf(s.subscription);
    if (sub) await syncSubscription(deps, sub);
    const invoice = idOf(s.invoice);
    if (invoice) await syncInvoice(deps, invoice);
  } else if (s.payment_status === "paid") {
    await grantPayment(deps.db, payment, idOf(s.payment_intent));
  }
  if (s.status === "expired") await markUnpaid(deps.db, payment.id, "expired");
  else if (asyncFailed && s.payment_status === "unpaid") await markUnpaid(deps.db, payment.id, "failed");
  return (await getPayment(deps.db, payment.id)) ?? payment;
}

async function paymentFromMetadata(db: Pool, metadata: Stripe.Metadata | null): Promise<PaymentRow | undefined> {
  const id = uuidOrNull(metadata?.paymentId);
  const payment = id ? await getPayment(db, id) : undefined;
  return payment && payment.userId === metadata?.userId ? payment : undefined;
}

/** A paid plan invoice grants the plan's credits, once per invoice (the first and every renewal). */
export async function syncInvoice(deps: SyncDeps, invoiceId: string): Promise<void> {
  const inv = await deps.stripe.invoices.retrieve(invoiceId, { expand: ["payments"] });
  const details = inv.parent?.subscription_details;
  const subscriptionId = idOf(details?.subscription);
  if (inv.status !== "paid" || !subscriptionId) return;
  const user = await userForStripe(deps.db, idOf(inv.customer), details?.metadata?.userId);
  if (!user) return;
  const payment = await paymentForInvoice(deps.db, {
    userId: user.id,
    invoiceId: inv.id,
    subscriptionId,
    amountCents: inv.amount_paid,
    credits: PRODUCTS.plan.credits,
    checkoutPaymentId: inv.billing_reason === "subscription_create" ? uuidOrNull(details?.metadata?.paymentId) : null,
  });
  const paid = inv.payments?.data.find((p) => p.status === "paid");
  await grantPayment(deps.db, payment, idOf(paid?.payment.payment_intent));
}

export async function syncSubscription(deps: SyncDeps, subscriptionId: string): Promise<void> {
  const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
  const user = await userForStripe(deps.db, idOf(sub.customer), sub.metadata?.userId);
  if (!user) return;
  const end = sub.items.data[0]?.current_period_end;
  await upsertSubscription(deps.db, {
    id: sub.id,
    userId: user.id,
    status: sub.status,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    currentPeriodEnd: end ? new Date(end * 1000).toISOString() : null,
  });
}

/** The payment a charge paid for: by its PaymentIntent, or the PaymentIntent's metadata. */
async function paymentForCharge(deps: SyncDeps, charge: Stripe.Charge): Promise<PaymentRow | undefined> {
  const pi = idOf(charge.payment_intent);
  if (pi) {
    const known = await paymentBy(deps.db, "intent", pi);
    if (known) return known;
    const intent = await deps.stripe.paymentIntents.retrieve(pi);
    const payment = await paymentFromMetadata(deps.db, intent.metadata);
    if (payment) {
      await setPaymentIntent(deps.db, payment.id, pi);
      return payment;
    }
  }
  // A renewal's charge carries no metadata; its invoice may simply not be handled yet.
  if (await userForStripe(deps.db, idOf(charge.customer), undefined)) throw new RetryLater(`charge ${charge.id} of a customer of ours has no recorded payment yet`);
  return undefined;
}

export async function syncCharge(deps: SyncDeps, chargeId: string): Promise<void> {
  const charge = await deps.stripe.charges.retrieve(chargeId);
  const payment = await paymentForCharge(deps, charge);
  if (payment) await applyRefund(deps.db, payment, charge.amount_refunded);
}

export async function syncDispute(deps: SyncDeps, disputeId: string): Promise<void> {
  const dispute = await deps.stripe.disputes.retrieve(disputeId);
  const chargeId = idOf(dispute.charge);
  if (!chargeId) return;
  const charge = await deps.stripe.charges.retrieve(chargeId);
  const payment = await paymentForCharge(deps, charge);
  if (payment) await applyDispute(deps.db, payment, { id: dispute.id, amount: dispute.amount, status: dispute.status });
}
