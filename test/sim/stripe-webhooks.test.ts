// Webhook delivery: retries with backoff, every attempt recorded, and the scenario controls
// (duplicates, concurrency, out-of-order batches, delays, hold/release, resend, renewals,
// disputes). Every delivered body verifies with stripe-node.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, eventually, startHarness } from "./sim-harness.ts";
import { type Receiver, startReceiver } from "./stripe-receiver.ts";

let h: Harness;
let rx: Receiver;
let stripe: Stripe;
const SECRET = "whsec_sim_stripe_webhook_secret";

interface Attempt {
  eventId: string;
  type: string;
  attempt: number;
  at: number;
  status?: number;
  error?: string;
}
interface Deliveries {
  deliveries: Array<{ id: number; eventId: string; state: string; attempts: number }>;
  attempts: Attempt[];
}

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
  rx.received.length = 0;
  rx.answer = () => 200;
});

const webhook = (settings: object) => h.control("POST", "/stripe/webhook", { url: rx.url, backoffMs: 20, ...settings });
const deliveries = () => h.control<Deliveries>("GET", "/stripe/deliveries");
const customer = (email = "c@example.com") => stripe.customers.create({ email });
const verify = (body: string, sig: string) => stripe.webhooks.constructEventAsync(body, sig, SECRET);

async function paidSession() {
  const product = await stripe.products.create({ name: "Plan" });
  const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 2999, recurring: { interval: "month" } });
  const s = await stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: price.id, quantity: 1 }], success_url: "http://app.test/ok" });
  await h.control("POST", "/stripe/pay-session", { session: s.id });
  return stripe.checkout.sessions.retrieve(s.id);
}

describe("delivery", () => {
  it("retries a non-2xx answer with backoff and records every attempt with its answer", async () => {
    await webhook({ backoffMs: 100 });
    rx.answer = (_r, n) => (n === 1 ? 500 : 200);
    const c = await customer();
    await eventually(() => (rx.received.length >= 2 ? true : undefined));
    const [first, second] = rx.received;
    expect(first.eventId).toBe(second.eventId);
    expect(second.at - first.at).toBeGreaterThanOrEqual(90);
    for (const r of rx.received) expect((await verify(r.body, r.signature)).data.object).toMatchObject({ id: c.id });
    const d = await eventually(async () => {
      const x = await deliveries();
      return x.deliveries[0]?.state === "succeeded" ? x : undefined;
    });
    expect(d.attempts.map((a) => [a.type, a.attempt, a.status])).toEqual([
      ["customer.created", 1, 500],
      ["customer.created", 2, 200],
    ]);
  });

  it("retries network errors up to the attempt limit, then gives up", async () => {
    await h.control("POST", "/stripe/webhook", { url: "http://127.0.0.1:1/unreachable", backoffMs: 10, maxAttempts: 3 });
    await customer();
    const d = await eventually(async () => {
      const x = await deliveries();
      return x.deliveries[0]?.state === "failed" ? x : undefined;
    });
    expect(d.attempts).toHaveLength(3);
    expect(d.attempts.every((a) => a.status === undefined && a.error)).toBe(true);
  });

  it("delivers each event several times, concurrently", async () => {
    await webhook({ copies: 3, concurrentCopies: true });
    let release: () => void = () => {};
    const allArrived = new Promise<void>((r) => (release = r));
    // Hold every answer until all three copies are in: only concurrent delivery gets here.
    rx.answer = async (_r, n) => {
      if (n === 3) release();
      await allArrived;
      return 200;
    };
    await customer();
    await eventually(() => (rx.received.length === 3 ? true : undefined));
    expect(new Set(rx.received.map((r) => r.eventId)).size).toBe(1);
  });

  it("delivers copies one after another unless asked for concurrency", async () => {
    await webhook({ copies: 2 });
    rx.answer = async () => {
      await new Promise((r) => setTimeout(r, 100));
      return 200;
    };
    await customer();
    await eventually(() => (rx.received.length === 2 ? true : undefined));
    expect(rx.received[1].at - rx.received[0].at).toBeGreaterThanOrEqual(95);
  });

  it("delivers a batch out of order", async () => {
    await webhook({ batch: { windowMs: 150, order: "reverse" } });
    const a = await customer("a@example.com");
    const b = await customer("b@example.com");
    const c = await customer("c@example.com");
    await eventually(() => (rx.received.length === 3 ? true : undefined));
    const ids = await Promise.all(rx.received.map(async (r) => ((await verify(r.body, r.signature)).data.object as Stripe.Customer).id));
    expect(ids).toEqual([c.id, b.id, a.id]);
  });

  it("delays delivery", async () => {
    await webhook({ delayMs: 300 });
    const t0 = Date.now();
    await customer();
    await eventually(() => rx.received[0]);
    expect(rx.received[0].at - t0).toBeGreaterThanOrEqual(280);
  });

  it("holds deliveries until released, then sends them in the order asked", async () => {
    await webhook({ hold: true });
    const a = await customer("a@example.com");
    const b = await customer("b@example.com");
    await new Promise((r) => setTimeout(r, 100));
    expect(rx.received).toHaveLength(0);
    expect((await deliveries()).deliveries.map((d) => d.state)).toEqual(["held", "held"]);
    await h.control("POST", "/stripe/webhook", { hold: false });
    await h.control("POST", "/stripe/release", { order: "reverse" });
    await eventually(() => (rx.received.length === 2 ? true : undefined));
    expect(rx.received.map((r) => JSON.parse(r.body).data.object.id)).toEqual([b.id, a.id]);
  });

  it("re-sends an event on demand", async () => {
    await webhook({});
    await customer();
    const first = await eventually(() => rx.received[0]);
    await h.control("POST", "/stripe/resend", { event: first.eventId });
    await eventually(() => (rx.received.length === 2 ? true : undefined));
    expect(rx.received[1].eventId).toBe(first.eventId);
    expect(rx.received[1].body).toBe(first.body);
  });
});

describe("scenarios that emit events", () => {
  it("renews a subscription: invoice.paid for the next period and customer.subscription.updated", async () => {
    await webhook({});
    const s = await paidSession();
    const before = await stripe.subscriptions.retrieve(String(s.subscription));
    await h.control("POST", "/stripe/renew", { subscription: s.subscription });
    const renewal = await eventually(() => rx.received.filter((r) => r.type === "invoice.paid")[1]);
    const invoice = (await verify(renewal.body, renewal.signature)).data.object as Stripe.Invoice;
    expect(invoice.billing_reason).toBe("subscription_cycle");
    expect(invoice.period_start).toBe(before.items.data[0].current_period_end);
    const updated = await eventually(() => rx.received.find((r) => r.type === "customer.subscription.updated"));
    const event = await verify(updated.body, updated.signature);
    expect(event.data.previous_attributes).toHaveProperty("latest_invoice", before.latest_invoice);
    expect((await stripe.subscriptions.retrieve(before.id)).latest_invoice).toBe(invoice.id);
  });

  it("opens and closes a dispute on a payment", async () => {
    await webhook({});
    const s = await stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price_data: { currency: "usd", unit_amount: 399, product_data: { name: "3-minute call" } }, quantity: 1 }], success_url: "http://app.test/ok" });
    await h.control("POST", "/stripe/pay-session", { session: s.id });
    const pi = String((await stripe.checkout.sessions.retrieve(s.id)).payment_intent);
    const dispute = await h.control<{ id: string; amount: number; status: string }>("POST", "/stripe/dispute", { payment_intent: pi, reason: "fraudulent" });
    expect(dispute).toMatchObject({ amount: 399, status: "needs_response" });
    await h.control("POST", "/stripe/close-dispute", { dispute: dispute.id, status: "lost" });
    const created = await eventually(() => rx.received.find((r) => r.type === "charge.dispute.created"));
    const closed = await eventually(() => rx.received.find((r) => r.type === "charge.dispute.closed"));
    expect(((await verify(created.body, created.signature)).data.object as Stripe.Dispute).payment_intent).toBe(pi);
    expect(((await verify(closed.body, closed.signature)).data.object as Stripe.Dispute).status).toBe("lost");
  });

  it("sends only the event types the endpoint subscribes to", async () => {
    await webhook({ enabledEvents: ["checkout.session.completed"] });
    await paidSession();
    await eventually(() => rx.received[0]);
    await new Promise((r) => setTimeout(r, 100));
    expect(rx.received.map((r) => r.type)).toEqual(["checkout.session.completed"]);
    const all = await h.control<Array<{ type: string }>>("GET", "/stripe/events");
    expect(all.map((e) => e.type)).toEqual(
      expect.arrayContaining(["customer.created", "customer.subscription.created", "invoice.paid", "payment_intent.succeeded", "checkout.session.completed"]),
    );
  });
});
