// Buying credits: a pending payment row, then a Stripe Checkout Session for it. The row's id
// travels in the session's (and its PaymentIntent's / subscription's) metadata, so whichever
// webhook arrives first can find it. The plan is a subscription whose invoices grant credits.
import type Stripe from "stripe";
import { createPendingPayment, recentPendingPayment, setCheckoutSession } from "../db/payments.ts";
import type { Queryable } from "../db/pool.ts";
import { currentSubscription, LIVE_STATUSES, upsertSubscription } from "../db/subscriptions.ts";
import type { User } from "../db/users.ts";
import { PRODUCTS, type ProductId } from "../pricing.ts";
import { ensureCustomer } from "./stripe-customers.ts";

export class PlanAlreadyActive extends Error {
  constructor() {
    super("You already have the monthly plan.");
    this.name = "PlanAlreadyActive";
  }
}

export class NoPlan extends Error {
  constructor() {
    super("You don't have a monthly plan.");
    this.name = "NoPlan";
  }
}

export async function startCheckout(q: Queryable, stripe: Stripe, user: User, productId: ProductId, appUrl: string): Promise<{ url: string; paymentId: string }> {
  const product = PRODUCTS[productId];
  if (product.mode === "subscription") {
    if (await currentSubscription(q, user.id)) throw new PlanAlreadyActive();
    // Subscribing twice (two tabs, a back button) must not start two plans: an open checkout
    // for the plan is offered again instead of a new one.
    const open = await openPlanCheckout(q, stripe, user.id);
    if (open) return open;
  }
  const customer = await ensureCustomer(q, stripe, user);
  const payment = await createPendingPayment(q, { userId: user.id, product: product.id, amountCents: product.priceCents, credits: product.credits });
  const metadata = { userId: user.id, paymentId: payment.id, product: product.id };
  const priceData = {
    currency: "usd",
    unit_amount: product.priceCents,
    product_data: { name: product.name, description: product.description },
    ...(product.mode === "subscription" ? { recurring: { interval: "month" as const } } : {}),
  };
  const session = await stripe.checkout.sessions.create(
    {
      mode: product.mode,
      customer,
      client_reference_id: user.id,
      line_items: [{ price_data: priceData, quantity: 1 }],
      metadata,
      ...(product.mode === "subscription" ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
      success_url: `${appUrl}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${appUrl}/billing/cancel?payment=${payment.id}`,
    },
    // One session per payment row, however often the request is retried.
    { idempotencyKey: `checkout:${payment.id}` },
  );
  await setCheckoutSession(q, payment.id, session.id);
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
  return { url: session.url, paymentId: payment.id };
}

async function openPlanCheckout(q: Queryable, stripe: Stripe, userId: string): Promise<{ url: string; paymentId: string } | undefined> {
  const pending = await recentPendingPayment(q, userId, "plan");
  if (!pending?.checkoutSessionId) return undefined;
  const session = await stripe.checkout.sessions.retrieve(pending.checkoutSessionId);
  return session.status === "open" && session.url ? { url: session.url, paymentId: pending.id } : undefined;
}

/** Cancel at the end of the paid period (credits already granted stay), or undo that. */
export async function setPlanCancellation(q: Queryable, stripe: Stripe, userId: string, cancel: boolean): Promise<void> {
  const current = await currentSubscription(q, userId);
  if (!current) throw new NoPlan();
  const sub = await stripe.subscriptions.update(current.id, { cancel_at_period_end: cancel });
  const end = sub.items.data[0]?.current_period_end;
  await upsertSubscription(q, {
    id: sub.id,
    userId,
    status: sub.status,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    currentPeriodEnd: end ? new Date(end * 1000).toISOString() : null,
  });
}

/** A closed account must not be billed again: end its plans now (best effort, per plan). */
export async function cancelPlansNow(q: Queryable, stripe: Stripe, userId: string): Promise<void> {
  const r = await q.query<{ id: string }>("select stripe_subscription_id as id from subscriptions where user_id = $1 and status = any($2::text[])", [userId, LIVE_STATUSES]);
  for (const { id } of r.rows) await stripe.subscriptions.cancel(id, {}, { idempotencyKey: `cancel-closed-account:${id}` });
}
