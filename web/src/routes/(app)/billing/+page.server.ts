// Billing: balance, prices and rules, buying credits (Stripe Checkout), the plan, the monthly
// budget, and every ledger entry with its call or payment. Money rules live in core/billing.
import { redirect } from "@sveltejs/kit";
import { billingSummary } from "$core/billing/summary.ts";
import { ledgerHistory } from "$core/db/ledger-history.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure, formFailure, text } from "$lib/server/forms.ts";
import type { Actions, PageServerLoad } from "./$types";

const iso = (v: string) => new Date(v).toISOString();

export const load: PageServerLoad = async (event) => {
  const db = requestDb(event);
  const user = event.locals.user!;
  const [summary, entries] = await Promise.all([billingSummary(db, user), ledgerHistory(db, user.id, 200)]);
  return {
    summary,
    entries: entries.map((e) => ({ ...e, createdAt: iso(e.createdAt), call: e.call && { ...e.call, createdAt: iso(e.call.createdAt) } })),
  };
};

const PRODUCTS = ["single", "pack", "plan"] as const;

export const actions: Actions = {
  buy: async (event) => {
    const product = text(await event.request.formData(), "product");
    const known = PRODUCTS.find((p) => p === product);
    if (!known) return formFailure(400, "Choose what to buy.");
    const r = await api(event).post("/billing/checkout", { product: known });
    if (!r.ok) return apiFailure(r);
    const url = typeof r.data === "object" && r.data !== null && "url" in r.data && typeof r.data.url === "string" ? r.data.url : "";
    redirect(303, url);
  },
  cancelPlan: async (event) => {
    const r = await api(event).post("/billing/plan/cancel");
    return r.ok ? { planChanged: "canceled" } : apiFailure(r);
  },
  resumePlan: async (event) => {
    const r = await api(event).post("/billing/plan/resume");
    return r.ok ? { planChanged: "resumed" } : apiFailure(r);
  },
  budget: async (event) => {
    const raw = text(await event.request.formData(), "budget").trim().replace(/^\$/, "");
    if (raw !== "" && !/^\d{1,5}(\.\d{1,2})?$/.test(raw)) return formFailure(400, "Enter the budget in dollars, like 25 or 19.99, or leave it empty for none.", { budget: "Dollars, like 25" }, { budget: raw });
    const body = { monthlyBudgetCents: raw === "" ? null : Math.round(Number(raw) * 100) };
    const r = await api(event).patch("/me", body);
    return r.ok ? { budgetSaved: true } : apiFailure(r, { budget: raw });
  },
};
