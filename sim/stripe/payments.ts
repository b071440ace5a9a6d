// Money movements: a succeeded PaymentIntent with its Charge, refunds (full or partial) and
// disputes, each emitting the events Stripe sends for them.
import { StripeApiError, noSuch } from "./errors.ts";
import { nowSeconds, stripeId } from "./ids.ts";
import type { Charge, Dispute, PaymentIntent, Refund } from "./objects.ts";
import { NO_REQUEST, type RequestRef, type StripeStore } from "./store.ts";

export interface PaymentInput {
  amount: number;
  currency: string;
  customer: string | null;
  email: string | null;
  name: string | null;
  description: string | null;
  metadata: Record<string, string>;
}

/** A card payment that went through: the PaymentIntent, its Charge, and their events. */
export function succeedPayment(store: StripeStore, p: PaymentInput, request: RequestRef = NO_REQUEST): { intent: PaymentIntent; charge: Charge } {
  const created = nowSeconds();
  const piId = stripeId("pi");
  const pm = stripeId("pm");
  const charge: Charge = {
    id: stripeId("ch"),
    object: "charge",
    amount: p.amount,
    amount_captured: p.amount,
    amount_refunded: 0,
    balance_transaction: stripeId("txn"),
    billing_details: { email: p.email, name: p.name, phone: null, address: null },
    captured: true,
    created,
    currency: p.currency,
    customer: p.customer,
    description: p.description,
    disputed: false,
    livemode: false,
    metadata: {},
    paid: true,
    payment_intent: piId,
    payment_method: pm,
    receipt_email: p.email,
    refunded: false,
    status: "succeeded",
  };
  const intent: PaymentIntent = {
    id: piId,
    object: "payment_intent",
    amount: p.amount,
    amount_capturable: 0,
    amount_received: p.amount,
    capture_method: "automatic_async",
    client_secret: `${piId}_secret_${stripeId("x").slice(2)}`,
    confirmation_method: "automatic",
    created,
    currency: p.currency,
    customer: p.customer,
    description: p.description,
    latest_charge: charge.id,
    livemode: false,
    metadata: p.metadata,
    payment_method: pm,
    payment_method_types: ["card"],
    receipt_email: p.email,
    status: "succeeded",
  };
  store.charges.set(charge.id, charge);
  store.paymentIntents.set(intent.id, intent);
  store.emit("charge.succeeded", charge, request);
  store.emit("payment_intent.succeeded", intent, request);
  return { intent, charge };
}

/** The charge a refund or dispute targets: by charge id or by its PaymentIntent. */
export function chargeFor(store: StripeStore, ref: { charge?: string; payment_intent?: string }, param: string): Charge {
  if (ref.charge) {
    const c = store.charges.get(ref.charge);
    if (!c) throw noSuch("charge", ref.charge, param);
    return c;
  }
  if (ref.payment_intent) {
    const pi = store.paymentIntents.get(ref.payment_intent);
    const c = pi?.latest_charge ? store.charges.get(pi.latest_charge) : undefined;
    if (!c) throw noSuch("payment_intent", ref.payment_intent, param);
    return c;
  }
  throw new StripeApiError(400, "invalid_request_error", "One of the following params should be provided for this request: payment_intent or charge.", { code: "parameter_missing" });
}

export function refund(store: StripeStore, charge: Charge, opts: { amount?: number; reason?: string; metadata: Record<string, string> }, request: RequestRef): Refund {
  const left = charge.amount - charge.amount_refunded;
  if (left <= 0) throw new StripeApiError(400, "invalid_request_error", `Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
  const amount = opts.amount ?? left;
  if (amount > left) {
    throw new StripeApiError(400, "invalid_request_error", `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, { code: "amount_too_large", param: "amount" });
  }
  if (amount <= 0) throw new StripeApiError(400, "invalid_request_error", "Invalid positive integer", { code: "parameter_invalid_integer", param: "amount" });
  const r: Refund = {
    id: stripeId("re"),
    object: "refund",
    amount,
    balance_transaction: stripeId("txn"),
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    metadata: opts.metadata,
    payment_intent: charge.payment_intent,
    reason: opts.reason ?? null,
    status: "succeeded",
  };
  store.refunds.set(r.id, r);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  store.emit("refund.created", r, request);
  store.emit("charge.refunded", charge, request, previous);
  return r;
}

export function openDispute(store: StripeStore, charge: Charge, opts: { amount?: number; reason?: string }): Dispute {
  const d: Dispute = {
    id: stripeId("dp"),
    object: "dispute",
    amount: opts.amount ?? charge.amount - charge.amount_refunded,
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    evidence_details: { due_by: nowSeconds() + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: opts.reason ?? "fraudulent",
    status: "needs_response",
  };
  store.disputes.set(d.id, d);
  charge.disputed = true;
  store.emit("charge.dispute.created", d);
  return d;
}

export function closeDispute(store: StripeStore, id: string, outcome: "won" | "lost"): Dispute {
  const d = store.disputes.get(id);
  if (!d) throw noSuch("dispute", id);
  const previous = { status: d.status };
  d.status = outcome;
  store.emit("charge.dispute.closed", d, NO_REQUEST, previous);
  return d;
}
