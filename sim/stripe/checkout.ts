// Checkout Sessions: create (validated like Stripe), expire, and complete — the last one is
// what the hosted page's Pay button does: take the money, create what the mode implies, emit.
import { startSubscription } from "./billing.ts";
import { StripeApiError, missingParam, noSuch, unknownParam } from "./errors.ts";
import { type FormObject, asMetadata, asObject, asString } from "./form.ts";
import { nowSeconds, stripeId } from "./ids.ts";
import { lineItemsFrom } from "./line-items.ts";
import type { CheckoutSession, LineItem } from "./objects.ts";
import { succeedPayment } from "./payments.ts";
import { NO_REQUEST, type RequestRef, type StripeStore } from "./store.ts";

const KNOWN = new Set(
  ("adaptive_pricing after_expiration allow_promotion_codes automatic_tax billing_address_collection branding_settings cancel_url " +
    "client_reference_id consent_collection currency custom_fields custom_text customer customer_creation customer_email customer_update " +
    "discounts excluded_payment_method_types expand expires_at integration_identifier invoice_creation line_items locale managed_payments " +
    "metadata mode name_collection optional_items origin_context payment_intent_data payment_method_collection payment_method_configuration " +
    "payment_method_data payment_method_options payment_method_types permissions phone_number_collection redirect_on_completion return_url " +
    "saved_payment_method_options setup_intent_data shipping_address_collection shipping_options submit_type subscription_data success_url " +
    "tax_id_collection ui_mode wallet_options").split(" "),
);
const MODES = ["payment", "subscription", "setup"] as const;
const DAY = 24 * 3600;

export function createSession(store: StripeStore, params: FormObject, baseUrl: string): CheckoutSession {
  for (const k of Object.keys(params)) if (!KNOWN.has(k)) throw unknownParam(k);
  const mode = asString(params.mode);
  if (!mode) throw missingParam("mode");
  if (!(MODES as readonly string[]).includes(mode)) throw new StripeApiError(400, "invalid_request_error", `Invalid mode: must be one of payment, setup, or subscription`, { param: "mode" });
  const customer = asString(params.customer) ?? null;
  if (customer && !store.customers.has(customer)) throw noSuch("customer", customer, "customer");
  const customerEmail = asString(params.customer_email) ?? null;
  if (customer && customerEmail) throw new StripeApiError(400, "invalid_request_error", "You may only specify one of these parameters: customer, customer_email.", { param: "customer_email" });
  const items: LineItem[] = mode === "setup" ? [] : lineItemsFrom(store, params.line_items, mode);
  const created = nowSeconds();
  const expiresAt = Number(asString(params.expires_at) ?? created + DAY);
  if (expiresAt < created + 30 * 60 || expiresAt > created + DAY) {
    throw new StripeApiError(400, "invalid_request_error", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", { param: "expires_at" });
  }
  const total = items.reduce((s, i) => s + i.amount_total, 0);
  const id = stripeId("cs_test", 58);
  const creation = asString(params.customer_creation);
  const session: CheckoutSession = {
    id,
    object: "checkout.session",
    after_expiration: null,
    allow_promotion_codes: asString(params.allow_promotion_codes) === "true" ? true : null,
    amount_subtotal: mode === "setup" ? null : total,
    amount_total: mode === "setup" ? null : total,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: asString(params.billing_address_collection) ?? null,
    cancel_url: asString(params.cancel_url) ?? null,
    client_reference_id: asString(params.client_reference_id) ?? null,
    client_secret: null,
    consent: null,
    consent_collection: null,
    created,
    currency: items[0]?.currency ?? asString(params.currency) ?? null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer,
    customer_creation: mode === "payment" ? (creation === "always" ? "always" : "if_required") : null,
    customer_details: null,
    customer_email: customerEmail,
    expires_at: expiresAt,
    invoice: null,
    invoice_creation: mode === "payment" ? { enabled: false, invoice_data: {} } : null,
    livemode: false,
    locale: asString(params.locale) ?? null,
    metadata: asMetadata(params.metadata),
    mode: mode as CheckoutSession["mode"],
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: mode === "setup" ? "no_payment_required" : "unpaid",
    phone_number_collection: { enabled: false },
    recovered_from: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: asString(params.submit_type) ?? null,
    subscription: null,
    success_url: asString(params.success_url) ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: `${baseUrl}/c/pay/${id}`,
  };
  store.sessions.set(id, session);
  store.lineItems.set(id, items);
  // Kept beside the session: the metadata Stripe copies onto what completing it creates.
  store.sessionExtras.set(id, { paymentIntentMetadata: asMetadata(asObject(params.payment_intent_data)?.metadata), subscriptionMetadata: asMetadata(asObject(params.subscription_data)?.metadata) });
  return session;
}

function openSession(store: StripeStore, id: string): CheckoutSession {
  const s = store.sessions.get(id);
  if (!s) throw noSuch("checkout.session", id);
  if (s.status === "open" && s.expires_at <= nowSeconds()) expireSession(store, id);
  if (s.status !== "open") throw new StripeApiError(400, "invalid_request_error", `Only Checkout Sessions with a status in ["open"] can be expired or completed. This Checkout Session has a status of "${s.status}".`, { param: "session" });
  return s;
}

export function expireSession(store: StripeStore, id: string, request: RequestRef = NO_REQUEST): CheckoutSession {
  const s = store.sessions.get(id);
  if (!s) throw noSuch("checkout.session", id);
  if (s.status !== "open") throw new StripeApiError(400, "invalid_request_error", `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`, { param: "session" });
  s.status = "expired";
  s.url = null;
  store.emit("checkout.session.expired", s, request);
  return s;
}

export interface Payer {
  email: string | null;
  name: string | null;
}

/** What pressing Pay on the hosted page does. */
export function completeSession(store: StripeStore, id: string, payer: Payer): CheckoutSession {
  const s = openSession(store, id);
  const extras = store.sessionExtras.get(id);
  const email = payer.email ?? s.customer_email ?? (s.customer ? (store.customers.get(s.customer)?.email ?? null) : null);
  s.customer_details = { email, name: payer.name, phone: null, address: null, tax_exempt: "none", tax_ids: [] };
  const items = store.lineItems.get(id) ?? [];
  const newCustomer = () => {
    const c = store.customer({ email, name: payer.name });
    store.emit("customer.created", c);
    return c.id;
  };
  if (s.mode === "payment") {
    if (!s.customer && s.customer_creation === "always") s.customer = newCustomer();
    const { intent } = succeedPayment(store, { amount: s.amount_total ?? 0, currency: s.currency ?? "usd", customer: s.customer, email, name: payer.name, description: null, metadata: extras?.paymentIntentMetadata ?? {} });
    s.payment_intent = intent.id;
    s.payment_status = "paid";
  } else if (s.mode === "subscription") {
    if (!s.customer) s.customer = newCustomer();
    const { subscription, invoice } = startSubscription(store, items, s.customer, extras?.subscriptionMetadata ?? {});
    s.subscription = subscription.id;
    s.invoice = invoice.id;
    s.payment_status = "paid";
  } else {
    s.setup_intent = stripeId("seti");
  }
  s.status = "complete";
  s.url = null;
  store.emit("checkout.session.completed", s);
  return s;
}

export function cancelTarget(store: StripeStore, id: string): string | null {
  return store.sessions.get(id)?.cancel_url ?? null;
}

export function successTarget(s: CheckoutSession): string | null {
  return s.success_url ? s.success_url.replaceAll("{CHECKOUT_SESSION_ID}", s.id) : null;
}
