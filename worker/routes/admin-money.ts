// The operator's money page: totals, margin per call, per persona and per day, the slowest
// calls, one call's cost breakdown, and the pricing model switch. Admins only; everyone else
// gets 404 (requireAdmin), as if the routes didn't exist.
import { createRoute } from "@hono/zod-openapi";
import { listUsage } from "../../core/db/call-records.ts";
import { callEntries } from "../../core/db/credits.ts";
import { moneyOverview } from "../../core/billing/money-overview.ts";
import { callMoney } from "../../core/db/operator-stats.ts";
import { setPricingModel } from "../../core/db/settings.ts";
import { callPriceList } from "../../core/pricing.ts";
import { notFound } from "../errors.ts";
import { requireAdmin } from "../middleware/session.ts";
import { errorResponses, jsonBody, jsonResponse, resource, UuidParam, z } from "../openapi.ts";
import { CallMoney, MoneyOverview, PricingModel } from "./admin-money-schemas.ts";

const Window = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
const iso = (v: string) => new Date(v).toISOString();
const callOut = <T extends { createdAt: string }>(c: T) => ({ ...c, createdAt: iso(c.createdAt) });

export const adminMoney = resource();
adminMoney.use("*", requireAdmin);
adminMoney
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["operator"],
      summary: "Totals, per persona, per day, recent and slowest calls",
      request: { query: Window },
      responses: { 200: jsonResponse(MoneyOverview, "Money overview"), ...errorResponses },
    }),
    async (c) => c.json(await moneyOverview(c.var.db, c.req.valid("query").days), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/calls/{id}",
      tags: ["operator"],
      summary: "One call's price, cost by provider, margin and ledger entries",
      request: { params: UuidParam },
      responses: { 200: jsonResponse(CallMoney, "The call's money"), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const call = await callMoney(c.var.db, id);
      if (!call) throw notFound("Call");
      const usage = await listUsage(c.var.db, id);
      const entries = (await callEntries(c.var.db, id)).map((e) => ({ kind: e.kind, amount: e.amount, note: e.note, createdAt: iso(e.createdAt) }));
      return c.json({ call: callOut(call), usage, entries }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/pricing-model",
      tags: ["operator"],
      summary: "Switch how new calls are priced (per call by length, or connection fee + per minute)",
      request: { body: jsonBody(z.strictObject({ pricingModel: z.enum(["per_call", "per_minute"]) })) },
      responses: { 200: jsonResponse(PricingModel, "The model now in force"), ...errorResponses },
    }),
    async (c) => {
      const { pricingModel } = c.req.valid("json");
      await setPricingModel(c.var.db, pricingModel);
      return c.json({ pricingModel, callPrices: callPriceList(pricingModel) }, 200);
    },
  );
