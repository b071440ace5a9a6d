// The REST resources the product uses, one handler per path, returning the object to send.
// Errors are thrown as StripeApiError and shaped by the caller (index.ts).
import { cancelSubscription, updateSubscription } from "./billing.ts";
import { createSession, expireSession } from "./checkout.ts";
import { StripeApiError, noSuch, unknownParam, unrecognizedUrl } from "./errors.ts";
import { type FormObject, asArray, asMetadata, asString } from "./form.ts";
import { priceFrom, product } from "./line-items.ts";
import { expand, expandList, paginate } from "./lists.ts";
import { chargeFor, refund } from "./payments.ts";
import type { RequestRef, StripeStore } from "./store.ts";

export interface ApiCall {
  method: string;
  path: string;
  params: FormObject;
  request: RequestRef;
}

export interface RouteDeps {
  store: StripeStore;
  baseUrl: () => string;
}

function allow(params: FormObject, known: string[]): void {
  for (const k of Object.keys(params)) if (k !== "expand" && !known.includes(k)) throw unknownParam(k);
}

function get<T>(map: Map<string, T>, id: string, what: string): T {
  const v = map.get(id);
  if (!v) throw noSuch(what, id);
  return v;
}

export function route(deps: RouteDeps, call: ApiCall): unknown {
  const { store } = deps;
  const { method, path, params, request } = call;
  const exp = expandList(params);
  const seg = path.split("/").filter(Boolean).slice(1).map(decodeURIComponent); // drop "v1"
  const nested = seg[0] === "checkout" && seg[1] === "sessions";
  const resource = nested ? "checkout/sessions" : (seg[0] ?? "");
  const [id, action] = nested ? seg.slice(2) : seg.slice(1);

  switch (`${method} ${resource}${id ? "/:id" : ""}${action ? `/${action}` : ""}`) {
    case "POST checkout/sessions": {
      const s = createSession(store, params, deps.baseUrl());
      return expand(store, s, exp, sessionExtras(deps, s.id));
    }
    case "GET checkout/sessions": {
      let all = [...store.sessions.values()];
      for (const f of ["status", "customer", "payment_intent", "subscription"] as const) {
        const v = asString(params[f]);
        if (v) all = all.filter((s) => s[f] === v);
      }
      return paginate(all, params, "/v1/checkout/sessions");
    }
    case "GET checkout/sessions/:id": {
      const s = get(store.sessions, id, "checkout.session");
      // Stripe expires sessions on its own at expires_at; the simulator does it when looked at.
      if (s.status === "open" && s.expires_at <= Math.floor(Date.now() / 1000)) expireSession(store, id);
      return expand(store, s, exp, sessionExtras(deps, s.id));
    }
    case "GET checkout/sessions/:id/line_items":
      get(store.sessions, id, "checkout.session");
      return paginate(store.lineItems.get(id) ?? [], params, `/v1/checkout/sessions/${id}/line_items`, false);
    case "POST checkout/sessions/:id/expire":
      return expireSession(store, id, request);

    case "POST customers": {
      allow(params, ["email", "name", "metadata", "description", "phone"]);
      const c = store.customer({ email: asString(params.email) ?? null, name: asString(params.name) ?? null, metadata: asMetadata(params.metadata) });
      c.description = asString(params.description) ?? null;
      store.emit("customer.created", c, request);
      return c;
    }
    case "GET customers": {
      const email = asString(params.email);
      return paginate([...store.customers.values()].filter((c) => !email || c.email === email), params, "/v1/customers");
    }
    case "GET customers/:id":
      return expand(store, get(store.customers, id, "customer"), exp);
    case "POST customers/:id": {
      allow(params, ["email", "name", "metadata", "description", "phone"]);
      const c = get(store.customers, id, "customer");
      const previous: Record<string, unknown> = {};
      for (const f of ["email", "name", "description"] as const) {
        const v = asString(params[f]);
        if (v !== undefined) {
          previous[f] = c[f];
          c[f] = v === "" ? null : v;
        }
      }
      if (params.metadata !== undefined) {
        previous.metadata = c.metadata;
        c.metadata = asMetadata(params.metadata, c.metadata);
      }
      store.emit("customer.updated", c, request, previous);
      return c;
    }

    case "GET payment_intents/:id":
      return expand(store, get(store.paymentIntents, id, "payment_intent"), exp);
    case "GET charges/:id":
      return expand(store, get(store.charges, id, "charge"), exp);
    case "GET invoices/:id":
      return expand(store, get(store.invoices, id, "invoice"), exp, invoiceExtras(deps, id));
    case "GET disputes/:id":
      return expand(store, get(store.disputes, id, "dispute"), exp);
    case "GET subscriptions/:id":
      return expand(store, get(store.subscriptions, id, "subscription"), exp);
    case "POST subscriptions/:id": {
      allow(params, ["cancel_at_period_end", "metadata"]);
      const sub = get(store.subscriptions, id, "subscription");
      const cape = asString(params.cancel_at_period_end);
      return updateSubscription(store, id, { cancelAtPeriodEnd: cape === undefined ? undefined : cape === "true", metadata: params.metadata === undefined ? undefined : asMetadata(params.metadata, sub.metadata) }, request);
    }
    case "DELETE subscriptions/:id":
      allow(params, ["invoice_now", "prorate", "cancellation_details"]);
      return cancelSubscription(store, id, request);

    case "POST refunds": {
      allow(params, ["charge", "payment_intent", "amount", "reason", "metadata", "instructions_email", "refund_application_fee", "reverse_transfer"]);
      const charge = chargeFor(store, { charge: asString(params.charge), payment_intent: asString(params.payment_intent) }, asString(params.charge) ? "charge" : "payment_intent");
      const amountRaw = asString(params.amount);
      if (amountRaw !== undefined && !/^\d+$/.test(amountRaw)) throw new StripeApiError(400, "invalid_request_error", `Invalid integer: ${amountRaw}`, { param: "amount" });
      const reason = asString(params.reason);
      if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)) throw new StripeApiError(400, "invalid_request_error", "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", { param: "reason" });
      return refund(store, charge, { amount: amountRaw === undefined ? undefined : Number(amountRaw), reason, metadata: asMetadata(params.metadata) }, request);
    }
    case "GET refunds/:id":
      return expand(store, get(store.refunds, id, "refund"), exp);

    case "POST products": {
      const name = asString(params.name);
      if (!name) throw new StripeApiError(400, "invalid_request_error", "Missing required param: name.", { code: "parameter_missing", param: "name" });
      return product(store, name, asMetadata(params.metadata), asString(params.description) ?? null);
    }
    case "GET products/:id":
      return get(store.products, id, "product");
    case "POST prices":
      return priceFrom(store, params, "price", true);
    case "GET prices/:id":
      return expand(store, get(store.prices, id, "price"), exp);

    case "GET events/:id":
      return get(new Map(store.events.map((e) => [e.id, e])), id, "event");
    case "GET events": {
      const type = asString(params.type);
      const types = (asArray(params.types) ?? []).filter((t): t is string => typeof t === "string");
      const matches = (t: string) => (!type || (type.endsWith("*") ? t.startsWith(type.slice(0, -1)) : t === type)) && (!types.length || types.includes(t));
      return paginate(store.events.filter((e) => matches(e.type)), params, "/v1/events");
    }
    default:
      throw unrecognizedUrl(method, path);
  }
}

function sessionExtras(deps: RouteDeps, id: string): Record<string, () => unknown> {
  return { line_items: () => paginate(deps.store.lineItems.get(id) ?? [], { limit: "100" }, `/v1/checkout/sessions/${id}/line_items`, false) };
}

/** An invoice's `payments` (includable only by expanding it, as on Stripe): its InvoicePayment list. */
function invoiceExtras(deps: RouteDeps, id: string): Record<string, () => unknown> {
  const paid = deps.store.invoicePayments.get(id);
  const data = paid
    ? [
        {
          id: `inpay_${id.slice(3)}`,
          object: "invoice_payment",
          amount_paid: paid.amount,
          amount_requested: paid.amount,
          created: paid.created,
          currency: deps.store.invoices.get(id)?.currency ?? "usd",
          invoice: id,
          is_default: true,
          livemode: false,
          payment: { type: "payment_intent", payment_intent: paid.paymentIntent },
          status: "paid",
          status_transitions: { canceled_at: null, paid_at: paid.created },
        },
      ]
    : [];
  return { payments: () => ({ object: "list", data, has_more: false, url: `/v1/invoice_payments?invoice=${id}` }) };
}
