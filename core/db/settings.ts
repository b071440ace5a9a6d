// Operator settings (the settings table: one JSON value per key).
import type { PricingModel } from "../pricing.ts";
import type { Queryable } from "./pool.ts";

/** The price model calls are charged under; the launch model unless the operator switched. */
export async function getPricingModel(q: Queryable): Promise<PricingModel> {
  const r = await q.query<{ value: string }>("select value #>> '{}' as value from settings where key = 'pricing_model'");
  return r.rows[0]?.value === "per_minute" ? "per_minute" : "per_call";
}

export async function setPricingModel(q: Queryable, model: PricingModel): Promise<void> {
  await q.query(
    `insert into settings (key, value) values ('pricing_model', to_jsonb($1::text))
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [model],
  );
}
