// The operator page: money in and out, margin per call, per persona and per day, the slowest
// calls, and the pricing model switch. Not an operator? Then there is no such page (404).
import { error } from "@sveltejs/kit";
import { moneyOverview } from "$core/billing/money-overview.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure, formFailure, text } from "$lib/server/forms.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (event.locals.user?.role !== "admin") error(404, { message: "Page not found." });
  const days = Number(event.url.searchParams.get("days") ?? 30);
  const window = Number.isInteger(days) && days >= 1 && days <= 366 ? days : 30;
  return { money: await moneyOverview(requestDb(event), window) };
};

export const actions: Actions = {
  pricing: async (event) => {
    if (event.locals.user?.role !== "admin") error(404, { message: "Page not found." });
    const model = text(await event.request.formData(), "pricingModel");
    if (model !== "per_call" && model !== "per_minute") return formFailure(400, "Choose a pricing model.");
    const r = await api(event).put("/admin/money/pricing-model", { pricingModel: model });
    return r.ok ? { pricingSaved: model } : apiFailure(r);
  },
};
