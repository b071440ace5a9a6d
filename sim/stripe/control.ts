// Scenario and inspection routes for the Stripe simulator (mounted at /stripe/… on the control
// port): webhook delivery behaviour, subscription renewals, disputes, expiring sessions.
import type { ControlInput, ControlRoute } from "../core/types.ts";
import { renewSubscription } from "./billing.ts";
import { completeSession, expireSession } from "./checkout.ts";
import { chargeFor, closeDispute, openDispute } from "./payments.ts";
import type { StripeStore } from "./store.ts";
import type { ReleaseOrder, WebhookDispatcher, WebhookSettings } from "./webhooks.ts";

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function settingsPatch(body: ControlInput["body"]): Partial<WebhookSettings> {
  const p: Partial<WebhookSettings> = {};
  if (str(body.url) !== undefined) p.url = str(body.url);
  if (str(body.secret)) p.secret = str(body.secret);
  if (Array.isArray(body.enabledEvents)) p.enabledEvents = body.enabledEvents.filter((x): x is string => typeof x === "string");
  for (const k of ["maxAttempts", "backoffMs", "backoffFactor", "maxBackoffMs", "timeoutMs", "copies", "delayMs"] as const) {
    const v = num(body[k]);
    if (v !== undefined) p[k] = v;
  }
  if (typeof body.concurrentCopies === "boolean") p.concurrentCopies = body.concurrentCopies;
  if (typeof body.hold === "boolean") p.hold = body.hold;
  if (body.batch === null) p.batch = null;
  else if (body.batch && typeof body.batch === "object") {
    const b = body.batch as Record<string, unknown>;
    p.batch = { windowMs: num(b.windowMs) ?? 200, order: b.order === "shuffle" ? "shuffle" : "reverse" };
  }
  return p;
}

function need(v: unknown, name: string): string {
  if (typeof v !== "string" || !v) throw new Error(`"${name}" is required`);
  return v;
}

export function stripeControl(store: StripeStore, hooks: WebhookDispatcher): Record<string, ControlRoute> {
  return {
    events: () => store.events,
    deliveries: () => ({ deliveries: hooks.deliveries, attempts: hooks.attempts, settings: hooks.settings }),
    attempts: ({ query }) => hooks.attempts.filter((a) => !query.get("event") || a.eventId === query.get("event")),
    /** {url?, enabledEvents?, maxAttempts?, backoffMs?, backoffFactor?, maxBackoffMs?, timeoutMs?, copies?, concurrentCopies?, delayMs?, hold?, batch?: {windowMs, order}|null} */
    webhook: ({ body }) => hooks.configure(settingsPatch(body)),
    /** Deliver what `hold` queued: {order?: "fifo"|"reverse"|"shuffle"}. */
    release: ({ body }) => hooks.release((["fifo", "reverse", "shuffle"].includes(String(body.order)) ? body.order : "fifo") as ReleaseOrder),
    resend: ({ body }) => {
      const id = need(body.event, "event");
      const e = store.events.find((x) => x.id === id);
      if (!e) throw new Error(`no event "${id}"`);
      return hooks.resend(e);
    },
    /** A new billing period for {subscription}: invoice.paid etc. */
    renew: ({ body }) => renewSubscription(store, need(body.subscription, "subscription")),
    /** {payment_intent | charge, amount?, reason?} → charge.dispute.created */
    dispute: ({ body }) => openDispute(store, chargeFor(store, { charge: str(body.charge), payment_intent: str(body.payment_intent) }, "charge"), { amount: num(body.amount), reason: str(body.reason) }),
    /** {dispute, status: "won"|"lost"} → charge.dispute.closed */
    "close-dispute": ({ body }) => closeDispute(store, need(body.dispute, "dispute"), body.status === "lost" ? "lost" : "won"),
    "expire-session": ({ body }) => expireSession(store, need(body.session, "session")),
    /** What the hosted page's Pay button does, without the page: {session, email?, name?}. */
    "pay-session": ({ body }) => completeSession(store, need(body.session, "session"), { email: str(body.email) ?? null, name: str(body.name) ?? null }),
  };
}
