// line_items[n] of a Checkout Session: an existing price, or inline price_data (which Stripe
// turns into an inactive price and, for product_data, a product of its own).
import { StripeApiError, missingParam, noSuch } from "./errors.ts";
import { type FormObject, type FormValue, asArray, asMetadata, asObject, asString } from "./form.ts";
import { nowSeconds, stripeId } from "./ids.ts";
import type { LineItem, Price, Product, Recurring } from "./objects.ts";
import type { StripeStore } from "./store.ts";

const INTERVALS = ["day", "week", "month", "year"] as const;

function intParam(v: FormValue | undefined, param: string): number | undefined {
  const s = asString(v);
  if (s === undefined) return undefined;
  if (!/^-?\d+$/.test(s)) throw new StripeApiError(400, "invalid_request_error", `Invalid integer: ${s}`, { code: "parameter_invalid_integer", param });
  return Number(s);
}

export function product(store: StripeStore, name: string, metadata: Record<string, string> = {}, description: string | null = null): Product {
  const p: Product = { id: stripeId("prod", 14), object: "product", name, active: true, description, created: nowSeconds(), livemode: false, metadata };
  store.products.set(p.id, p);
  return p;
}

/** A price from POST /v1/prices params or from line_items[n][price_data]. */
export function priceFrom(store: StripeStore, data: FormObject, param: string, active: boolean): Price {
  const currency = asString(data.currency)?.toLowerCase();
  if (!currency) throw missingParam(`${param}[currency]`);
  const amount = intParam(data.unit_amount, `${param}[unit_amount]`) ?? (asString(data.unit_amount_decimal) ? Math.round(Number(asString(data.unit_amount_decimal))) : undefined);
  if (amount === undefined) throw missingParam(`${param}[unit_amount]`);
  if (amount < 0) throw new StripeApiError(400, "invalid_request_error", "This value must be greater than or equal to 0.", { param: `${param}[unit_amount]` });
  let productId = asString(data.product);
  const pd = asObject(data.product_data);
  if (productId && !store.products.has(productId)) throw noSuch("product", productId, `${param}[product]`);
  if (!productId) {
    if (!pd || !asString(pd.name)) throw missingParam(`${param}[product_data][name]`);
    productId = product(store, asString(pd.name) as string, asMetadata(pd.metadata), asString(pd.description) ?? null).id;
  }
  const rec = asObject(data.recurring);
  let recurring: Recurring | null = null;
  if (rec) {
    const interval = asString(rec.interval);
    if (!interval || !(INTERVALS as readonly string[]).includes(interval)) throw missingParam(`${param}[recurring][interval]`);
    recurring = { interval: interval as Recurring["interval"], interval_count: intParam(rec.interval_count, `${param}[recurring][interval_count]`) ?? 1, usage_type: "licensed" };
  }
  const price: Price = {
    id: stripeId("price"),
    object: "price",
    active,
    billing_scheme: "per_unit",
    currency,
    unit_amount: amount,
    unit_amount_decimal: String(amount),
    product: productId,
    recurring,
    type: recurring ? "recurring" : "one_time",
    lookup_key: asString(data.lookup_key) ?? null,
    nickname: asString(data.nickname) ?? null,
    tax_behavior: "unspecified",
    created: nowSeconds(),
    livemode: false,
    metadata: asMetadata(data.metadata),
  };
  store.prices.set(price.id, price);
  return price;
}

export function lineItemsFrom(store: StripeStore, raw: FormValue | undefined, mode: string): LineItem[] {
  const list = asArray(raw) ?? [];
  if (list.length === 0) throw missingParam("line_items");
  const items = list.map((entry, i) => {
    const param = `line_items[${i}]`;
    const li = asObject(entry);
    if (!li) throw missingParam(param);
    let price: Price;
    const priceId = asString(li.price);
    const priceData = asObject(li.price_data);
    if (priceId) {
      const found = store.prices.get(priceId);
      if (!found) throw noSuch("price", priceId, `${param}[price]`);
      price = found;
    } else if (priceData) price = priceFrom(store, priceData, `${param}[price_data]`, false);
    else throw new StripeApiError(400, "invalid_request_error", `You must specify either \`price\` or \`price_data\` in \`${param}\`.`, { param });
    const quantity = intParam(li.quantity, `${param}[quantity]`);
    if (quantity === undefined) throw new StripeApiError(400, "invalid_request_error", `Quantity is required. Add \`quantity\` to \`${param}\``, { code: "parameter_missing", param: `${param}[quantity]` });
    const amount = price.unit_amount * quantity;
    const item: LineItem = {
      id: stripeId("li"),
      object: "item",
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: store.products.get(price.product)?.name ?? "",
      price,
      quantity,
    };
    return item;
  });
  const recurring = items.some((i) => i.price.recurring);
  if (mode === "payment" && recurring) {
    throw new StripeApiError(400, "invalid_request_error", "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.", { param: "line_items" });
  }
  if (mode === "subscription" && !recurring) {
    throw new StripeApiError(400, "invalid_request_error", "You must provide at least one recurring price in `subscription` mode when using prices.", { param: "line_items" });
  }
  if (new Set(items.map((i) => i.currency)).size > 1) throw new StripeApiError(400, "invalid_request_error", "All prices must be in the same currency.", { param: "line_items" });
  return items;
}
