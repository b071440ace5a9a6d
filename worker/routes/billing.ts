// The billing page's data: balance, what calls cost right now, the rules in words, the plan,
// warnings about scheduled calls the balance won't cover, and the ledger with its links.
import { createRoute } from "@hono/zod-openapi";
import { billingSummary, currentPrices } from "../../core/billing/summary.ts";
import { ledgerHistory } from "../../core/db/ledger-history.ts";
import { listPayments } from "../../core/db/payments.ts";
import { errorResponses, jsonResponse, resource, z } from "../openapi.ts";
import { Billing, Entry, Payment, Prices } from "./billing-schemas.ts";

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());

export const billing = resource()
  .openapi(
    createRoute({ method: "get", path: "/", tags: ["billing"], summary: "Balance, prices, plan and warnings", responses: { 200: jsonResponse(Billing, "Billing overview"), ...errorResponses } }),
    async (c) => c.json(await billingSummary(c.var.db, c.var.user!), 200),
  )
  .openapi(
    createRoute({ method: "get", path: "/prices", tags: ["billing"], summary: "What each call length costs now (shown before every call)", responses: { 200: jsonResponse(Prices, "Prices"), ...errorResponses } }),
    async (c) => c.json(await currentPrices(c.var.db), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/entries",
      tags: ["billing"],
      summary: "Ledger entries, newest first, each with its call or payment",
      request: { query: z.object({ beforeSeq: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(200).default(100) }) },
      responses: { 200: jsonResponse(z.object({ entries: z.array(Entry) }), "Entries"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const rows = await ledgerHistory(c.var.db, c.var.user!.id, q.limit, q.beforeSeq);
      const entries = rows.map((e) => ({ ...e, createdAt: new Date(e.createdAt).toISOString(), call: e.call ? { ...e.call, createdAt: new Date(e.call.createdAt).toISOString() } : null }));
      return c.json({ entries }, 200);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/payments", tags: ["billing"], summary: "Your payments, newest first", responses: { 200: jsonResponse(z.object({ payments: z.array(Payment) }), "Payments"), ...errorResponses } }),
    async (c) => {
      const rows = await listPayments(c.var.db, c.var.user!.id);
      const payments = rows.map((p) => ({
        id: p.id,
        product: p.product,
        amountCents: p.amountCents,
        credits: p.credits,
        status: p.status,
        refundedCents: p.refundedCents,
        createdAt: new Date(p.createdAt).toISOString(),
        paidAt: iso(p.paidAt),
      }));
      return c.json({ payments }, 200);
    },
  );
