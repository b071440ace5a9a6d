// List envelopes with Stripe's cursor pagination, and `expand[]` of id fields into objects.
import { StripeApiError } from "./errors.ts";
import { type FormObject, asArray, asObject, asString } from "./form.ts";
import type { StripeStore } from "./store.ts";

export interface ListPage<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

/** Newest first (line items: in order); `starting_after` / `ending_before` are ids; limit 1..100 (default 10). */
export function paginate<T extends { id: string; created?: number }>(all: T[], q: FormObject, url: string, newestFirst = true): ListPage<T> {
  const limitRaw = asString(q.limit);
  const limit = limitRaw === undefined ? 10 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new StripeApiError(400, "invalid_request_error", "Invalid integer: limit must be between 1 and 100", { param: "limit" });
  let items = newestFirst ? [...all].reverse() : [...all];
  const created = asObject(q.created);
  if (created) {
    const n = (k: string) => (asString(created[k]) === undefined ? undefined : Number(asString(created[k])));
    const [gt, gte, lt, lte] = [n("gt"), n("gte"), n("lt"), n("lte")];
    const at = (x: T) => x.created ?? 0;
    items = items.filter((x) => (gt === undefined || at(x) > gt) && (gte === undefined || at(x) >= gte) && (lt === undefined || at(x) < lt) && (lte === undefined || at(x) <= lte));
  }
  const after = asString(q.starting_after);
  const before = asString(q.ending_before);
  if (after) items = items.slice(items.findIndex((x) => x.id === after) + 1);
  if (before) {
    const i = items.findIndex((x) => x.id === before);
    items = i < 0 ? [] : items.slice(Math.max(0, i - limit), i);
    return { object: "list", data: items, has_more: i - limit > 0, url };
  }
  return { object: "list", data: items.slice(0, limit), has_more: items.length > limit, url };
}

export function expandList(q: FormObject): string[] {
  const e = q.expand;
  if (typeof e === "string") return [e];
  return (asArray(e) ?? []).filter((x): x is string => typeof x === "string");
}

function lookup(store: StripeStore, id: string): object | undefined {
  const maps: Array<[string, Map<string, object>]> = [
    ["cus_", store.customers],
    ["pi_", store.paymentIntents],
    ["ch_", store.charges],
    ["sub_", store.subscriptions],
    ["in_", store.invoices],
    ["price_", store.prices],
    ["prod_", store.products],
    ["re_", store.refunds],
    ["dp_", store.disputes],
    ["cs_", store.sessions],
  ];
  for (const [prefix, map] of maps) if (id.startsWith(prefix)) return map.get(id);
  return undefined;
}

/**
 * Returns a copy of `obj` with each expand path ("customer", "payment_intent.latest_charge")
 * replaced by the object it names; `extra` supplies fields that only exist when expanded.
 */
export function expand(store: StripeStore, obj: object, paths: string[], extra: Record<string, () => unknown> = {}): Record<string, unknown> {
  const out = structuredClone(obj) as Record<string, unknown>;
  for (const p of paths) {
    const parts = p.split(".");
    let node: Record<string, unknown> = out;
    parts.forEach((field, i) => {
      if (i === 0 && extra[field]) {
        node[field] = extra[field]();
        return;
      }
      const value = node[field];
      if (typeof value === "string") {
        const found = lookup(store, value);
        if (!found) throw new StripeApiError(400, "invalid_request_error", `This property cannot be expanded (${p}).`, { param: "expand" });
        node[field] = structuredClone(found);
      } else if (value === null) {
        return;
      } else if (typeof value !== "object") {
        throw new StripeApiError(400, "invalid_request_error", `This property cannot be expanded (${p}).`, { param: "expand" });
      }
      if (i < parts.length - 1 && node[field] && typeof node[field] === "object") node = node[field] as Record<string, unknown>;
    });
  }
  return out;
}
