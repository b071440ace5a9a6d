// Subscriptions and their invoices: the first paid invoice when Checkout completes, a renewal
// (a new period's invoice.paid) on demand, and cancellation.
import { noSuch } from "./errors.ts";
import { nowSeconds, stripeId } from "./ids.ts";
import type { Invoice, LineItem, Recurring, Subscription, SubscriptionItem } from "./objects.ts";
import { succeedPayment } from "./payments.ts";
import { NO_REQUEST, type RequestRef, type StripeStore } from "./store.ts";

export function addInterval(ts: number, r: Recurring): number {
  const d = new Date(ts * 1000);
  const n = r.interval_count;
  if (r.interval === "day") d.setUTCDate(d.getUTCDate() + n);
  else if (r.interval === "week") d.setUTCDate(d.getUTCDate() + 7 * n);
  else if (r.interval === "month") d.setUTCMonth(d.getUTCMonth() + n);
  else d.setUTCFullYear(d.getUTCFullYear() + n);
  return Math.floor(d.getTime() / 1000);
}

function invoiceFor(store: StripeStore, sub: Subscription, reason: Invoice["billing_reason"]): Invoice {
  const created = nowSeconds();
  const customer = store.customers.get(sub.customer);
  const id = stripeId("in");
  const lines = sub.items.data.map((it) => ({
    id: stripeId("il"),
    object: "line_item" as const,
    amount: it.price.unit_amount * it.quantity,
    currency: sub.currency,
    description: `${it.quantity} × ${store.products.get(it.price.product)?.name ?? "Subscription"}`,
    period: { start: it.current_period_start, end: it.current_period_end },
    quantity: it.quantity,
    pricing: { type: "price_details" as const, price_details: { price: it.price.id, product: it.price.product }, unit_amount_decimal: it.price.unit_amount_decimal },
    parent: {
      type: "subscription_item_details" as const,
      subscription_item_details: { subscription: sub.id, subscription_item: it.id, invoice_item: null, proration: false as const },
    },
  }));
  const total = lines.reduce((s, l) => s + l.amount, 0);
  const first = sub.items.data[0];
  const inv: Invoice = {
    id,
    object: "invoice",
    amount_due: total,
    amount_paid: total,
    amount_remaining: 0,
    billing_reason: reason,
    collection_method: "charge_automatically",
    created,
    currency: sub.currency,
    customer: sub.customer,
    customer_email: customer?.email ?? null,
    hosted_invoice_url: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    number: `SIM-${String(store.invoices.size + 1).padStart(4, "0")}`,
    parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription: sub.id, metadata: sub.metadata } },
    period_start: first.current_period_start,
    period_end: first.current_period_end,
    status: "paid",
    status_transitions: { finalized_at: created, paid_at: created, marked_uncollectible_at: null, voided_at: null },
    subtotal: total,
    total,
  };
  store.invoices.set(inv.id, inv);
  return inv;
}

/** Pay an invoice the way a subscription does: a PaymentIntent + Charge, then invoice.paid. */
function payInvoice(store: StripeStore, inv: Invoice, name: string | null, request: RequestRef): void {
  const { intent } = succeedPayment(store, { amount: inv.total, currency: inv.currency, customer: inv.customer, email: inv.customer_email, name, description: inv.billing_reason === "subscription_create" ? "Subscription creation" : "Subscription update", metadata: {} }, request);
  // Since API 2025-03-31 an invoice names its PaymentIntent only through `payments` (expandable).
  store.invoicePayments.set(inv.id, { paymentIntent: intent.id, amount: inv.total, created: intent.created });
  store.emit("invoice.paid", inv, request);
  store.emit("invoice.payment_succeeded", inv, request);
}

export function startSubscription(store: StripeStore, items: LineItem[], customerId: string, metadata: Record<string, string>, request: RequestRef = NO_REQUEST) {
  const now = nowSeconds();
  const id = stripeId("sub");
  const subItems: SubscriptionItem[] = items
    .filter((li) => li.price.recurring)
    .map((li) => ({
      id: stripeId("si", 14),
      object: "subscription_item",
      created: now,
      current_period_start: now,
      current_period_end: addInterval(now, li.price.recurring as Recurring),
      metadata: {},
      price: li.price,
      quantity: li.quantity,
      subscription: id,
    }));
  const sub: Subscription = {
    id,
    object: "subscription",
    billing_cycle_anchor: now,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: items[0].currency,
    customer: customerId,
    default_payment_method: stripeId("pm"),
    ended_at: null,
    items: { object: "list", data: subItems, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    metadata,
    start_date: now,
    status: "active",
  };
  store.subscriptions.set(sub.id, sub);
  const inv = invoiceFor(store, sub, "subscription_create");
  sub.latest_invoice = inv.id;
  store.emit("customer.subscription.created", sub, request);
  payInvoice(store, inv, store.customers.get(customerId)?.name ?? null, request);
  return { subscription: sub, invoice: inv };
}

/** The next billing period starts now: a new paid invoice and an updated subscription. */
export function renewSubscription(store: StripeStore, id: string) {
  const sub = store.subscriptions.get(id);
  if (!sub) throw noSuch("subscription", id);
  const previous = { latest_invoice: sub.latest_invoice, items: structuredClone(sub.items) };
  for (const it of sub.items.data) {
    it.current_period_start = it.current_period_end;
    it.current_period_end = addInterval(it.current_period_end, it.price.recurring as Recurring);
  }
  const inv = invoiceFor(store, sub, "subscription_cycle");
  sub.latest_invoice = inv.id;
  payInvoice(store, inv, store.customers.get(sub.customer)?.name ?? null, NO_REQUEST);
  store.emit("customer.subscription.updated", sub, NO_REQUEST, previous);
  return { subscription: sub, invoice: inv };
}

export function cancelSubscription(store: StripeStore, id: string, request: RequestRef): Subscription {
  const sub = store.subscriptions.get(id);
  if (!sub) throw noSuch("subscription", id);
  if (sub.status === "canceled") return sub;
  const now = nowSeconds();
  sub.status = "canceled";
  sub.canceled_at = now;
  sub.ended_at = now;
  sub.cancellation_details = { comment: null, feedback: null, reason: "cancellation_requested" };
  store.emit("customer.subscription.deleted", sub, request);
  return sub;
}

export function updateSubscription(store: StripeStore, id: string, change: { cancelAtPeriodEnd?: boolean; metadata?: Record<string, string> }, request: RequestRef): Subscription {
  const sub = store.subscriptions.get(id);
  if (!sub) throw noSuch("subscription", id);
  const previous: Record<string, unknown> = {};
  if (change.cancelAtPeriodEnd !== undefined && change.cancelAtPeriodEnd !== sub.cancel_at_period_end) {
    previous.cancel_at_period_end = sub.cancel_at_period_end;
    previous.cancel_at = sub.cancel_at;
    sub.cancel_at_period_end = change.cancelAtPeriodEnd;
    sub.cancel_at = change.cancelAtPeriodEnd ? sub.items.data[0]?.current_period_end ?? null : null;
  }
  if (change.metadata) {
    previous.metadata = sub.metadata;
    sub.metadata = change.metadata;
  }
  if (Object.keys(previous).length) store.emit("customer.subscription.updated", sub, request, previous);
  return sub;
}
