// Response shapes of the operator's money routes.
import { z } from "../openapi.ts";

const Line = {
  calls: z.number().int(),
  answered: z.number().int(),
  seconds: z.number().int(),
  chargedCents: z.number().int(),
  costMicrousd: z.number(),
  marginMicrousd: z.number(),
};

const CallLine = z.object({
  id: z.string(),
  personaName: z.string(),
  status: z.string(),
  endReason: z.string().nullable(),
  createdAt: z.string(),
  durationSeconds: z.number().int().nullable(),
  extensions: z.number().int(),
  mouthToEarP50Ms: z.number().int().nullable(),
  chargedCents: z.number().int(),
  costMicrousd: z.number(),
  marginMicrousd: z.number(),
});

export const MoneyOverview = z
  .object({
    days: z.number().int(),
    totals: z.object({ ...Line, payments: z.number().int(), collectedCents: z.number().int(), refundedCents: z.number().int(), stripeFeesCents: z.number().int() }),
    personas: z.array(z.object({ ...Line, personaId: z.string().nullable(), personaName: z.string() })),
    byDay: z.array(z.object({ ...Line, day: z.string() })),
    recent: z.array(CallLine),
    slowest: z.array(CallLine),
    pricingModel: z.enum(["per_call", "per_minute"]),
  })
  .openapi("MoneyOverview");

export const CallMoney = z
  .object({
    call: CallLine,
    usage: z.array(z.object({ provider: z.string(), unit: z.string(), quantity: z.number(), costMicrousd: z.number() })),
    entries: z.array(z.object({ kind: z.string(), amount: z.number().int(), note: z.string().nullable(), createdAt: z.string() })),
  })
  .openapi("CallMoney");

export const PricingModel = z
  .object({ pricingModel: z.enum(["per_call", "per_minute"]), callPrices: z.array(z.object({ lengthSeconds: z.number().int(), cents: z.number().int() })) })
  .openapi("PricingModelSetting");

