// Stripe in tests: the official client pointed at the simulator, the simulator's own event
// log, and a delivery harness that signs events exactly as Stripe does (pretty-printed body,
// t=…,v1=HMAC over "t.body") so a test controls order, copies and concurrency itself.
import Stripe from "stripe";
import { simCredentials } from "../../sim/config.ts";
import { signPayload } from "../../sim/stripe/signature.ts";
import { control } from "./control.ts";
import type { Stack } from "./stack.ts";

export interface SimEvent {
  id: string;
  type: string;
  created: number;
  data: { object: { id: string; [k: string]: unknown } };
}

export function stripeFor(stack: Stack): Stripe {
  const u = new URL(stack.sims.urls.stripe);
  return new Stripe(simCredentials().stripe.secretKey, { host: u.hostname, port: Number(u.port), protocol: "http", maxNetworkRetries: 0 });
}

export const sessionIdOf = (checkoutUrl: string) => decodeURIComponent(checkoutUrl.split("/c/pay/")[1]);

/** Stop (or resume) the simulator's own deliveries: the test delivers instead. */
export async function simWebhook(stack: Stack, on: boolean): Promise<void> {
  await control(stack.sims.urls.control).post("/stripe/webhook", { url: on ? `${stack.url}/api/stripe/webhook` : "", backoffMs: 200 });
}

export async function simEvents(stack: Stack): Promise<SimEvent[]> {
  return control(stack.sims.urls.control).get<SimEvent[]>("/stripe/events");
}

export interface Delivery {
  status: number;
  body: string;
}

/** POST one event to the worker's webhook, signed now (or at `timestamp`) with `secret`. */
export async function deliver(stack: Stack, event: SimEvent, opts: { timestamp?: number; secret?: string; tamper?: (body: string) => string } = {}): Promise<Delivery> {
  const body = JSON.stringify(event, null, 2);
  const signature = signPayload(body, opts.secret ?? simCredentials().stripe.webhookSecret, opts.timestamp);
  const res = await fetch(`${stack.url}/api/stripe/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature, "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" },
    body: opts.tamper ? opts.tamper(body) : body,
  });
  return { status: res.status, body: await res.text() };
}
