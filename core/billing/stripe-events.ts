// Which Stripe events move money here, and what each one re-reads. Everything else —
// including payment_intent.succeeded, charge.succeeded and invoice.payment_succeeded, which a
// plan payment sends alongside invoice.paid — is acknowledged and ignored, so a payment is
// granted through one path only (and that path is idempotent on its ledger ref anyway).
import type Stripe from "stripe";
import { syncCharge, syncCheckoutSession, syncDispute, syncInvoice, syncSubscription, type SyncDeps } from "./stripe-sync.ts";

export type Outcome = "handled" | "ignored";

export async function handleStripeEvent(deps: SyncDeps, event: Stripe.Event): Promise<Outcome> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.expired":
      await syncCheckoutSession(deps, event.data.object.id);
      return "handled";
    case "checkout.session.async_payment_failed":
      await syncCheckoutSession(deps, event.data.object.id, true);
      return "handled";
    case "invoice.paid":
      if (event.data.object.id) await syncInvoice(deps, event.data.object.id);
      return "handled";
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      await syncSubscription(deps, event.data.object.id);
      return "handled";
    case "charge.refunded":
      await syncCharge(deps, event.data.object.id);
      return "handled";
    case "refund.created":
    case "refund.updated": {
      const charge = event.data.object.charge;
      if (charge) await syncCharge(deps, typeof charge === "string" ? charge : charge.id);
      return "handled";
    }
    case "charge.dispute.created":
    case "charge.dispute.updated":
    case "charge.dispute.closed":
    case "charge.dispute.funds_withdrawn":
    case "charge.dispute.funds_reinstated":
      await syncDispute(deps, event.data.object.id);
      return "handled";
    default:
      return "ignored";
  }
}
