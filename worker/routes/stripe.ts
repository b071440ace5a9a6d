// Stripe's webhook. The signature is checked on the raw body (constructEventAsync with
// SubtleCrypto, 300 s tolerance) before anything else: a forged or replayed delivery gets 400
// and changes nothing. Deliveries come at least once, concurrently and out of order; each
// handler re-reads its object from Stripe and writes idempotent ledger entries, and the event
// id is recorded once handled so a known duplicate is answered without work.
import { Hono } from "hono";
import { handleStripeEvent } from "../../core/billing/stripe-events.ts";
import { RetryLater } from "../../core/billing/stripe-sync.ts";
import { recordEventOnce } from "../../core/db/events.ts";
import { createStripe, verifyStripeEvent } from "../../core/providers/stripe.ts";
import type { AppEnv } from "../app-env.ts";
import { badRequest } from "../errors.ts";

export const stripeWebhook = new Hono<AppEnv>().post("/webhook", async (c) => {
  const config = c.var.config;
  const stripe = createStripe(config);
  const event = await verifyStripeEvent(stripe, await c.req.text(), c.req.header("stripe-signature"), config.stripe.webhookSecret);
  if (!event) throw badRequest("invalid_signature", "Stripe signature check failed.");
  const db = c.var.db;
  const seen = await db.query("select 1 from processed_events where provider = 'stripe' and event_id = $1", [event.id]);
  if (seen.rows.length) return c.json({ received: true, duplicate: true }, 200);
  try {
    const outcome = await handleStripeEvent({ db, stripe }, event);
    await recordEventOnce(db, "stripe", event.id);
    return c.json({ received: true, outcome }, 200);
  } catch (e) {
    // Not recorded: Stripe redelivers with backoff, and the handlers are safe to run again.
    if (e instanceof RetryLater) return c.json({ error: { code: "retry_later", message: e.message } }, 503);
    throw e;
  }
});
