// Every object the Stripe simulator holds, and the event log. Emitting an event snapshots the
// object as it is now (events carry the state at the time, not a live reference).
import { stripeId, nowSeconds } from "./ids.ts";
import {
  API_VERSION,
  type Charge,
  type CheckoutSession,
  type Customer,
  type Dispute,
  type Invoice,
  type LineItem,
  type PaymentIntent,
  type Price,
  type Product,
  type Refund,
  type StripeEvent,
  type StripeObject,
  type Subscription,
} from "./objects.ts";

export interface RequestRef {
  id: string | null;
  idempotency_key: string | null;
}

export const NO_REQUEST: RequestRef = { id: null, idempotency_key: null };

export class StripeStore {
  products = new Map<string, Product>();
  prices = new Map<string, Price>();
  sessions = new Map<string, CheckoutSession>();
  lineItems = new Map<string, LineItem[]>();
  /** Per session: the metadata Stripe copies onto the PaymentIntent / Subscription it creates. */
  sessionExtras = new Map<string, { paymentIntentMetadata: Record<string, string>; subscriptionMetadata: Record<string, string> }>();
  customers = new Map<string, Customer>();
  paymentIntents = new Map<string, PaymentIntent>();
  charges = new Map<string, Charge>();
  subscriptions = new Map<string, Subscription>();
  invoices = new Map<string, Invoice>();
  refunds = new Map<string, Refund>();
  disputes = new Map<string, Dispute>();
  /** Per invoice: the PaymentIntent that paid it (shown as `payments` when expanded). */
  invoicePayments = new Map<string, { paymentIntent: string; amount: number; created: number }>();
  events: StripeEvent[] = [];
  /** The webhook dispatcher listens here. */
  onEvent: (e: StripeEvent) => void = () => {};

  emit(type: string, object: StripeObject, request: RequestRef = NO_REQUEST, previous?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: stripeId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: nowSeconds(),
      data: previous ? { object: structuredClone(object), previous_attributes: previous } : { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request,
      type,
    };
    this.events.push(event);
    this.onEvent(event);
    return event;
  }

  customer(fields: { email: string | null; name: string | null; metadata?: Record<string, string> }): Customer {
    const c: Customer = {
      id: stripeId("cus", 14),
      object: "customer",
      address: null,
      balance: 0,
      created: nowSeconds(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: null,
      email: fields.email,
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: fields.metadata ?? {},
      name: fields.name,
      phone: null,
      preferred_locales: [],
      tax_exempt: "none",
    };
    this.customers.set(c.id, c);
    return c;
  }

  reset(): void {
    for (const m of [this.products, this.prices, this.sessions, this.lineItems, this.sessionExtras, this.customers, this.paymentIntents, this.charges, this.subscriptions, this.invoices, this.refunds, this.disputes, this.invoicePayments]) m.clear();
    this.events = [];
  }
}
