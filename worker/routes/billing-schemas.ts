// Response shapes of the billing routes (documented in /api/openapi.json).
import { z } from "../openapi.ts";

const Rule = z.object({ id: z.string(), text: z.string() });
const CallPrice = z.object({ lengthSeconds: z.number().int(), cents: z.number().int() });

export const Prices = z
  .object({
    pricingModel: z.enum(["per_call", "per_minute"]),
    callPrices: z.array(CallPrice),
    extension: z.object({ seconds: z.number().int(), cents: z.number().int() }),
    rules: z.array(Rule),
  })
  .openapi("Prices");

const Product = z.object({ id: z.enum(["single", "pack", "plan"]), name: z.string(), description: z.string(), priceCents: z.number().int(), credits: z.number().int(), mode: z.enum(["payment", "subscription"]) });

export const Plan = z.object({ status: z.string(), cancelAtPeriodEnd: z.boolean(), currentPeriodEnd: z.string().nullable() }).openapi("Plan");

const Shortfall = z.object({ scheduleId: z.string(), personaName: z.string(), dueAt: z.string(), priceCents: z.number().int(), reason: z.enum(["balance", "budget"]) });

export const Billing = Prices.extend({
  balanceCents: z.number().int(),
  blocked: z.boolean(),
  monthlyBudgetCents: z.number().int().nullable(),
  spentThisMonthCents: z.number().int(),
  products: z.array(Product),
  plan: Plan.nullable(),
  upcoming: z.array(Shortfall),
}).openapi("Billing");

export const Entry = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    kind: z.enum(["grant", "purchase", "reserve", "capture", "release", "refund", "dispute", "adjust"]),
    amount: z.number().int(),
    balanceAfter: z.number().int(),
    ref: z.string(),
    callId: z.string().nullable(),
    paymentId: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    call: z.object({ id: z.string(), personaName: z.string(), status: z.string(), createdAt: z.string() }).nullable(),
    payment: z.object({ id: z.string(), product: z.string(), status: z.string(), amountCents: z.number().int() }).nullable(),
  })
  .openapi("LedgerEntry");

export const Payment = z
  .object({
    id: z.string(),
    product: z.enum(["single", "pack", "plan"]),
    amountCents: z.number().int(),
    credits: z.number().int(),
    status: z.string(),
    refundedCents: z.number().int(),
    createdAt: z.string(),
    paidAt: z.string().nullable(),
  })
  .openapi("Payment");

export const CheckoutStatus = z
  .object({ paymentId: z.string(), product: z.enum(["single", "pack", "plan"]), status: z.string(), credits: z.number().int(), balanceCents: z.number().int() })
  .openapi("CheckoutStatus");
