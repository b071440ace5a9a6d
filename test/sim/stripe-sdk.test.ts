// The official stripe package, unmodified, against the simulator: Checkout, the hosted page,
// and constructEventAsync on events the simulator delivered to a local endpoint.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, eventually, startHarness } from "./sim-harness.ts";
import { type Receiver, startReceiver, submitCheckout } from "./stripe-receiver.ts";

let h: Harness;
let rx: Receiver;
let stripe: Stripe;
const SECRET = "whsec_sim_stripe_webhook_secret";

beforeAll(async () => {
  h = await startHarness();
  rx = await startReceiver();
  const u = new URL(h.urls.stripe);
  stripe = new Stripe("sk_test_sim_stripe_key_000000000000", { host: u.hostname, port: Number(u.port), protocol: "http", maxNetworkRetries: 0 });
});
afterAll(async () => {
  await h.close();
  await rx.close();
});
beforeEach(async () => {
  await h.control("POST", "/reset");
  await h.control("POST", "/stripe/webhook", { url: rx.url, backoffMs: 20 });
  rx.received.length = 0;
  rx.answer = () => 200;
});

const received = (type: string) => eventually(() => rx.received.find((r) => r.type === type), 5000, type);

describe("stripe", () => {
  it("creates a Checkout Session, pays on the hosted page, and delivers a verifiable checkout.session.completed", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price_data: { currency: "usd", unit_amount: 499, product_data: { name: "5-minute call" } }, quantity: 1 }],
      success_url: "http://app.test/billing/success?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://app.test/billing",
      client_reference_id: "user_123",
      metadata: { userId: "user_123", pack: "call_5" },
    });
    expect(session).toMatchObject({ object: "checkout.session", status: "open", payment_status: "unpaid", amount_total: 499, currency: "usd", mode: "payment" });
    expect(session.url).toBe(`${h.urls.stripe}/c/pay/${session.id}`);

    const res = await submitCheckout(session.url ?? "", "pay");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`http://app.test/billing/success?session_id=${session.id}`);

    const delivered = await received("checkout.session.completed");
    const event = await stripe.webhooks.constructEventAsync(delivered.body, delivered.signature, SECRET);
    expect(event.type).toBe("checkout.session.completed");
    const completed = event.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({ id: session.id, status: "complete", payment_status: "paid", client_reference_id: "user_123", metadata: { userId: "user_123", pack: "call_5" } });
    expect(completed.customer_details?.email).toBe("payer@example.com");

    const again = await stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items", "payment_intent"] });
    expect(again.line_items?.data[0]).toMatchObject({ quantity: 1, amount_total: 499, description: "5-minute call" });
    expect((again.payment_intent as Stripe.PaymentIntent).status).toBe("succeeded");
  });

  it("rejects a forged signature", async () => {
    const session = await stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price_data: { currency: "usd", unit_amount: 100, product_data: { name: "x" } }, quantity: 1 }], success_url: "http://app.test/ok" });
    await submitCheckout(session.url ?? "", "pay");
    const delivered = await received("checkout.session.completed");
    const forged = delivered.body.replace('"amount_total": 100', '"amount_total": 100000');
    expect(forged).not.toBe(delivered.body);
    await expect(stripe.webhooks.constructEventAsync(forged, delivered.signature, SECRET)).rejects.toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
    await expect(stripe.webhooks.constructEventAsync(delivered.body, delivered.signature, "whsec_someone_else")).rejects.toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
  });

  it("runs a subscription: checkout, invoice.paid, retrieval and cancellation", async () => {
    const product = await stripe.products.create({ name: "Monthly plan" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 2999, recurring: { interval: "month" } });
    const session = await stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: price.id, quantity: 1 }], success_url: "http://app.test/ok", subscription_data: { metadata: { userId: "u9" } } });
    await submitCheckout(session.url ?? "", "pay");
    const paid = await stripe.webhooks.constructEventAsync((await received("invoice.paid")).body, rx.received.find((r) => r.type === "invoice.paid")?.signature ?? "", SECRET);
    const invoice = paid.data.object as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 2999, billing_reason: "subscription_create" });
    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: "complete", payment_status: "paid", invoice: invoice.id });
    const sub = await stripe.subscriptions.retrieve(String(done.subscription));
    expect(sub).toMatchObject({ status: "active", metadata: { userId: "u9" }, customer: done.customer });
    expect(sub.items.data[0].current_period_end).toBeGreaterThan(sub.items.data[0].current_period_start);
    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe("canceled");
    await received("customer.subscription.deleted");
  });

  it("refunds in part and in full, with refund.created and charge.refunded", async () => {
    const session = await stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price_data: { currency: "usd", unit_amount: 799, product_data: { name: "10-minute call" } }, quantity: 1 }], success_url: "http://app.test/ok" });
    await submitCheckout(session.url ?? "", "pay");
    const pi = String((await stripe.checkout.sessions.retrieve(session.id)).payment_intent);
    expect((await stripe.refunds.create({ payment_intent: pi, amount: 300 })).amount).toBe(300);
    expect((await stripe.refunds.create({ payment_intent: pi })).amount).toBe(499);
    await expect(stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({ code: "charge_already_refunded" });
    const charge = await stripe.charges.retrieve(String((await stripe.paymentIntents.retrieve(pi)).latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 799, refunded: true });
    const events = await stripe.events.list({ type: "charge.refunded" });
    expect(events.data).toHaveLength(2);
    expect((await stripe.events.retrieve(events.data[0].id)).id).toBe(events.data[0].id);
  });

  it("creates and retrieves customers", async () => {
    const c = await stripe.customers.create({ email: "c@example.com", name: "Cee", metadata: { userId: "u1" } });
    expect(await stripe.customers.retrieve(c.id)).toMatchObject({ email: "c@example.com", metadata: { userId: "u1" } });
    await expect(stripe.customers.retrieve("cus_missing")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});
