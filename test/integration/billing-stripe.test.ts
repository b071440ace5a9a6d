// Stripe money end to end through the real worker: Checkout for the pack and the plan,
// renewals, refunds and disputes — every event delivered five times, shuffled, partly at
// once, must leave the same balance as delivering each once in order; forged or stale
// signatures change nothing.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditsFor } from "../../core/billing/payment-credits.ts";
import { PRODUCTS, WELCOME_GRANT_CENTS } from "../../core/pricing.ts";
import { signedInClient, type Api } from "../helpers/api-client.ts";
import { waitUntil } from "../helpers/call-fixtures.ts";
import { control } from "../helpers/control.ts";
import { startStack, type Stack } from "../helpers/stack.ts";
import { seeded, shuffle } from "../helpers/random.ts";
import { deliver, sessionIdOf, simEvents, simWebhook, stripeFor, type SimEvent } from "../helpers/stripe.ts";

let stack: Stack;
let stripe: Stripe;
beforeAll(async () => {
  stack = await startStack({ env: { ADMIN_EMAILS: "operator@example.com" } });
  stripe = stripeFor(stack);
}, 120_000);
afterAll(() => stack?.close());

const ctl = () => control(stack.sims.urls.control);

async function me(api: Api) {
  return api.json<{ id: string; balanceCents: number }>("/me");
}

async function checkout(api: Api, product: "pack" | "plan" | "single"): Promise<string> {
  const res = await api.post("/billing/checkout", { product });
  expect(res.status, await res.clone().text()).toBe(201);
  return sessionIdOf(((await res.json()) as { url: string }).url);
}

async function invoicePaymentIntent(invoiceId: string): Promise<string> {
  const inv = await stripe.invoices.retrieve(invoiceId, { expand: ["payments"] });
  return String(inv.payments?.data[0]?.payment.payment_intent);
}

/** Everything a customer's money can go through, with the webhook off: events pile up in the simulator. */
async function scenario(api: Api): Promise<void> {
  const pack = await checkout(api, "pack");
  await ctl().post("/stripe/pay-session", { session: pack });
  const plan = await checkout(api, "plan");
  await ctl().post("/stripe/pay-session", { session: plan });
  const sub = String((await stripe.checkout.sessions.retrieve(plan)).subscription);
  const renewal1 = await ctl().post<{ invoice: { id: string } }>("/stripe/renew", { subscription: sub });
  const renewal2 = await ctl().post<{ invoice: { id: string } }>("/stripe/renew", { subscription: sub });
  const packIntent = String((await stripe.checkout.sessions.retrieve(pack)).payment_intent);
  await stripe.refunds.create({ payment_intent: packIntent, amount: 1000 });
  await stripe.refunds.create({ payment_intent: packIntent, amount: 499 });
  const won = await ctl().post<{ id: string }>("/stripe/dispute", { payment_intent: await invoicePaymentIntent(renewal1.invoice.id) });
  await ctl().post("/stripe/close-dispute", { dispute: won.id, status: "won" });
  const lost = await ctl().post<{ id: string }>("/stripe/dispute", { payment_intent: await invoicePaymentIntent(renewal2.invoice.id) });
  await ctl().post("/stripe/close-dispute", { dispute: lost.id, status: "lost" });
  await stripe.subscriptions.update(sub, { cancel_at_period_end: true });
  const abandoned = await checkout(api, "single");
  await ctl().post("/stripe/expire-session", { session: abandoned });
}

// welcome + pack − refunded share of the pack + three plan periods − the lost dispute's period
const EXPECTED = WELCOME_GRANT_CENTS + PRODUCTS.pack.credits - creditsFor({ credits: PRODUCTS.pack.credits, amountCents: PRODUCTS.pack.priceCents }, 1499) + 2 * PRODUCTS.plan.credits;

async function ledgerConsistent(userId: string): Promise<{ balance: number; kinds: Record<string, number> }> {
  const r = await stack.pool.query<{ seq: number; kind: string; amount: number; balance_after: number }>("select seq, kind, amount, balance_after from credit_entries where user_id = $1 order by seq", [userId]);
  let running = 0;
  const kinds: Record<string, number> = {};
  for (const e of r.rows) {
    running += e.amount;
    expect(e.balance_after, `entry ${e.seq}`).toBe(running);
    kinds[e.kind] = (kinds[e.kind] ?? 0) + e.amount;
  }
  return { balance: running, kinds };
}

/** Deliver until every event was acknowledged, as Stripe's retries would (a 503 means "not yet"). */
async function deliverAll(copies: SimEvent[], rand: () => number): Promise<{ statuses: number[] }> {
  const statuses: number[] = [];
  let queue = shuffle(copies, rand);
  for (let round = 0; queue.length && round < 10; round++) {
    const failed: SimEvent[] = [];
    while (queue.length) {
      // Bursts of 1–6 deliveries at once, then the next burst.
      const burst = queue.splice(0, 1 + Math.floor(rand() * 6));
      const results = await Promise.all(burst.map((e) => deliver(stack, e)));
      results.forEach((r, i) => {
        statuses.push(r.status);
        if (r.status !== 200) failed.push(burst[i]);
      });
    }
    queue = shuffle(failed, rand);
  }
  expect(queue).toEqual([]);
  return { statuses };
}

describe("stripe webhooks", () => {
  it("grants once and ends at the in-order balance when every event comes five times, shuffled and concurrent", async () => {
    await simWebhook(stack, false);
    const inOrder = await signedInClient(stack.appUrl, "inorder@example.com");
    const before = (await simEvents(stack)).length;
    await scenario(inOrder);
    const eventsA = (await simEvents(stack)).slice(before);
    for (const e of eventsA) expect((await deliver(stack, e)).status, `${e.type} in order`).toBe(200);
    const a = await me(inOrder);
    expect(a.balanceCents).toBe(EXPECTED);

    const shuffled = await signedInClient(stack.appUrl, "shuffled@example.com");
    const mid = (await simEvents(stack)).length;
    await scenario(shuffled);
    const eventsB = (await simEvents(stack)).slice(mid);
    expect(eventsB.map((e) => e.type).sort()).toEqual(eventsA.map((e) => e.type).sort());
    // A plan payment emits payment_intent.succeeded, charge.succeeded, invoice.paid and
    // invoice.payment_succeeded: only one of them may grant.
    expect(eventsB.filter((e) => e.type === "invoice.payment_succeeded")).toHaveLength(3);
    const copies = eventsB.flatMap((e) => [e, e, e, e, e]);
    const { statuses } = await deliverAll(copies, seeded(7));
    // Some renewal charges came before their invoice: answered 503 and retried, as Stripe would.
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    const b = await me(shuffled);
    expect(b.balanceCents).toBe(a.balanceCents);

    const la = await ledgerConsistent(a.id);
    const lb = await ledgerConsistent(b.id);
    expect(lb.balance).toBe(b.balanceCents);
    expect(lb.kinds).toEqual(la.kinds);
    const purchases = await stack.pool.query<{ n: number }>("select count(*)::int as n from credit_entries where user_id = $1 and kind = 'purchase'", [b.id]);
    expect(purchases.rows[0].n).toBe(4); // the pack and three plan periods, each once
    const pays = await shuffled.json<{ payments: Array<{ product: string; status: string }> }>("/billing/payments");
    expect(pays.payments.map((p) => `${p.product}:${p.status}`).sort()).toEqual(["pack:partially_refunded", "plan:disputed", "plan:paid", "plan:paid", "single:expired"].sort());
    const billing = await shuffled.json<{ plan: { cancelAtPeriodEnd: boolean } | null; blocked: boolean }>("/billing");
    expect(billing.plan?.cancelAtPeriodEnd).toBe(true);
    expect(billing.blocked).toBe(false);
  }, 240_000);

  it("rejects forged signatures and stale timestamps without any side effect", async () => {
    await simWebhook(stack, false);
    const api = await signedInClient(stack.appUrl, "forged@example.com");
    const before = (await simEvents(stack)).length;
    await ctl().post("/stripe/pay-session", { session: await checkout(api, "pack") });
    const completed = (await simEvents(stack)).slice(before).find((e) => e.type === "checkout.session.completed")!;
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      await deliver(stack, completed, { secret: "whsec_someone_else" }),
      await deliver(stack, completed, { tamper: (b) => b.replace(/"amount_total": \d+/, '"amount_total": 999999') }),
      await deliver(stack, completed, { timestamp: now - 301 }),
      await deliver(stack, completed, { timestamp: now - 3600 }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    const recorded = await stack.pool.query("select 1 from processed_events where event_id = $1", [completed.id]);
    expect(recorded.rows).toHaveLength(0);
    expect((await me(api)).balanceCents).toBe(WELCOME_GRANT_CENTS);
    // The same event, signed properly and just inside the tolerance, does count.
    expect((await deliver(stack, completed, { timestamp: now - 250 })).status).toBe(200);
    expect((await me(api)).balanceCents).toBe(WELCOME_GRANT_CENTS + PRODUCTS.pack.credits);
  });

  it("delivers through the simulator's own webhook too, and the success check fulfils on its own", async () => {
    await simWebhook(stack, true);
    const api = await signedInClient(stack.appUrl, "live-hook@example.com");
    const session = await checkout(api, "pack");
    await ctl().post("/stripe/pay-session", { session });
    const status = await api.json<{ status: string; balanceCents: number }>(`/billing/checkout/${session}`);
    expect(status.status).toBe("paid");
    expect(status.balanceCents).toBe(WELCOME_GRANT_CENTS + PRODUCTS.pack.credits);
    const deliveries = await waitUntil(async () => {
      const d = await ctl().get<{ deliveries: Array<{ type: string; state: string }> }>("/stripe/deliveries");
      return d.deliveries.some((x) => x.type === "checkout.session.completed" && x.state === "succeeded") ? d : undefined;
    }, 15_000, "the simulator to deliver checkout.session.completed");
    expect(deliveries.deliveries.filter((d) => d.state === "failed")).toEqual([]);
    expect((await me(api)).balanceCents).toBe(WELCOME_GRANT_CENTS + PRODUCTS.pack.credits);
  });

  it("offers an open plan checkout again instead of a second plan, and ends the plan when the account is deleted", async () => {
    await simWebhook(stack, true);
    const api = await signedInClient(stack.appUrl, "leaver@example.com");
    const first = await checkout(api, "plan");
    expect(await checkout(api, "plan")).toBe(first);
    await ctl().post("/stripe/pay-session", { session: first });
    const sub = String((await stripe.checkout.sessions.retrieve(first)).subscription);
    await waitUntil(async () => (await api.json<{ plan: unknown }>("/billing")).plan, 15_000, "the plan to be recorded");
    const again = await api.post("/billing/checkout", { product: "plan" });
    expect(again.status).toBe(409);
    expect((await api.del("/me")).status).toBe(200);
    expect((await stripe.subscriptions.retrieve(sub)).status).toBe("canceled");
  });

  it("keeps the operator's money API to operators: 404 for everyone else", async () => {
    const person = await signedInClient(stack.appUrl, "curious@example.com");
    const operator = await signedInClient(stack.appUrl, "operator@example.com");
    for (const [method, path, body] of [["GET", "/admin/money", undefined], ["GET", `/admin/money/calls/${crypto.randomUUID()}`, undefined], ["PUT", "/admin/money/pricing-model", { pricingModel: "per_minute" }]] as const) {
      const status = await person.json(path, { method, body }).then(
        () => 200,
        (e: Error) => Number(/→ (\d{3})/.exec(e.message)?.[1]),
      );
      expect(status, `${method} ${path}`).toBe(404);
    }
    const overview = await operator.json<{ totals: { chargedCents: number }; byDay: unknown[] }>("/admin/money?days=7");
    expect(overview.byDay).toHaveLength(7);
    const switched = await operator.json<{ callPrices: Array<{ lengthSeconds: number; cents: number }> }>("/admin/money/pricing-model", { method: "PUT", body: { pricingModel: "per_minute" } });
    expect(switched.callPrices.find((p) => p.lengthSeconds === 300)?.cents).toBe(25 + 5 * 40);
    expect((await person.json<{ pricingModel: string }>("/billing/prices")).pricingModel).toBe("per_minute");
    await operator.json("/admin/money/pricing-model", { method: "PUT", body: { pricingModel: "per_call" } });
  });
});

