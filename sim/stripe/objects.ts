// The Stripe objects the simulator keeps, shaped as API version 2026-07-29.dahlia returns them
// (only the fields a checkout/billing integration reads are filled; the rest are null/empty).

export const API_VERSION = "2026-07-29.dahlia";

export interface Product {
  id: string;
  object: "product";
  name: string;
  active: boolean;
  description: string | null;
  created: number;
  livemode: false;
  metadata: Record<string, string>;
}

export interface Recurring {
  interval: "day" | "week" | "month" | "year";
  interval_count: number;
  usage_type: "licensed";
}

export interface Price {
  id: string;
  object: "price";
  active: boolean;
  billing_scheme: "per_unit";
  currency: string;
  unit_amount: number;
  unit_amount_decimal: string;
  product: string;
  recurring: Recurring | null;
  type: "one_time" | "recurring";
  lookup_key: string | null;
  nickname: string | null;
  tax_behavior: "unspecified";
  created: number;
  livemode: false;
  metadata: Record<string, string>;
}

export interface LineItem {
  id: string;
  object: "item";
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: Price;
  quantity: number;
}

export interface CustomerDetails {
  email: string | null;
  name: string | null;
  phone: null;
  address: null;
  tax_exempt: "none";
  tax_ids: [];
}

export interface CheckoutSession {
  id: string;
  object: "checkout.session";
  after_expiration: null;
  allow_promotion_codes: boolean | null;
  amount_subtotal: number | null;
  amount_total: number | null;
  automatic_tax: { enabled: false; liability: null; status: null };
  billing_address_collection: string | null;
  cancel_url: string | null;
  client_reference_id: string | null;
  client_secret: null;
  consent: null;
  consent_collection: null;
  created: number;
  currency: string | null;
  custom_fields: [];
  custom_text: { after_submit: null; shipping_address: null; submit: null; terms_of_service_acceptance: null };
  customer: string | null;
  customer_creation: "always" | "if_required" | null;
  customer_details: CustomerDetails | null;
  customer_email: string | null;
  expires_at: number;
  invoice: string | null;
  invoice_creation: { enabled: boolean; invoice_data: Record<string, unknown> } | null;
  livemode: false;
  locale: string | null;
  metadata: Record<string, string>;
  mode: "payment" | "subscription" | "setup";
  payment_intent: string | null;
  payment_link: null;
  payment_method_collection: "always" | "if_required";
  payment_method_options: Record<string, unknown>;
  payment_method_types: string[];
  payment_status: "paid" | "unpaid" | "no_payment_required";
  phone_number_collection: { enabled: false };
  recovered_from: null;
  setup_intent: string | null;
  shipping_address_collection: null;
  shipping_cost: null;
  shipping_options: [];
  status: "open" | "complete" | "expired";
  submit_type: string | null;
  subscription: string | null;
  success_url: string | null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  ui_mode: "hosted";
  url: string | null;
}

export interface Customer {
  id: string;
  object: "customer";
  address: null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  email: string | null;
  invoice_settings: { custom_fields: null; default_payment_method: string | null; footer: null; rendering_options: null };
  livemode: false;
  metadata: Record<string, string>;
  name: string | null;
  phone: string | null;
  preferred_locales: string[];
  tax_exempt: "none";
}

export interface PaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_capturable: number;
  amount_received: number;
  capture_method: "automatic_async";
  client_secret: string;
  confirmation_method: "automatic";
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  payment_method: string | null;
  payment_method_types: string[];
  receipt_email: string | null;
  status: "succeeded" | "requires_payment_method" | "canceled";
}

export interface Charge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string;
  billing_details: { email: string | null; name: string | null; phone: null; address: null };
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: boolean;
  livemode: false;
  metadata: Record<string, string>;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  receipt_email: string | null;
  refunded: boolean;
  status: "succeeded";
}

export interface SubscriptionItem {
  id: string;
  object: "subscription_item";
  created: number;
  current_period_start: number;
  current_period_end: number;
  metadata: Record<string, string>;
  price: Price;
  quantity: number;
  subscription: string;
}

export interface Subscription {
  id: string;
  object: "subscription";
  billing_cycle_anchor: number;
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  cancellation_details: { comment: string | null; feedback: string | null; reason: string | null };
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  default_payment_method: string | null;
  ended_at: number | null;
  items: { object: "list"; data: SubscriptionItem[]; has_more: false; url: string };
  latest_invoice: string | null;
  livemode: false;
  metadata: Record<string, string>;
  start_date: number;
  status: "active" | "canceled" | "past_due";
}

export interface InvoiceLine {
  id: string;
  object: "line_item";
  amount: number;
  currency: string;
  description: string;
  period: { start: number; end: number };
  quantity: number;
  pricing: { type: "price_details"; price_details: { price: string; product: string }; unit_amount_decimal: string };
  parent: { type: "subscription_item_details"; subscription_item_details: { subscription: string; subscription_item: string; invoice_item: null; proration: false } };
}

export interface Invoice {
  id: string;
  object: "invoice";
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  billing_reason: "subscription_create" | "subscription_cycle";
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  customer_email: string | null;
  hosted_invoice_url: string | null;
  lines: { object: "list"; data: InvoiceLine[]; has_more: false; url: string };
  livemode: false;
  metadata: Record<string, string>;
  number: string;
  parent: { type: "subscription_details"; quote_details: null; subscription_details: { subscription: string; metadata: Record<string, string> } };
  period_start: number;
  period_end: number;
  status: "paid";
  status_transitions: { finalized_at: number; paid_at: number; marked_uncollectible_at: null; voided_at: null };
  subtotal: number;
  total: number;
}

export interface Refund {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  status: "succeeded";
}

export interface Dispute {
  id: string;
  object: "dispute";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  evidence_details: { due_by: number; has_evidence: boolean; past_due: boolean; submission_count: number };
  is_charge_refundable: boolean;
  livemode: false;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string;
  status: "needs_response" | "under_review" | "won" | "lost";
}

export type StripeObject = Product | Price | CheckoutSession | Customer | PaymentIntent | Charge | Subscription | Invoice | Refund | Dispute;

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}
