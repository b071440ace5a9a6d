// Everything the billing page and GET /api/billing show about one person's money: balance
// (and whether it blocks calls), this month's spending against the budget, what calls cost
// right now, the rules in words, the products, the plan, and scheduled calls at risk.
import { balanceCents, spentThisMonthCents } from "../db/credits.ts";
import type { Queryable } from "../db/pool.ts";
import { getPricingModel } from "../db/settings.ts";
import { currentSubscription } from "../db/subscriptions.ts";
import type { User } from "../db/users.ts";
import { callPriceList, EXTENSION, PRODUCTS, type CallPrice, type PricingModel, type Product } from "../pricing.ts";
import { moneyRules, type MoneyRule } from "./rules.ts";
import { upcomingShortfalls, type UpcomingShortfall } from "./upcoming.ts";

export interface Prices {
  pricingModel: PricingModel;
  callPrices: CallPrice[];
  extension: { seconds: number; cents: number };
  rules: MoneyRule[];
}

export interface BillingSummary extends Prices {
  balanceCents: number;
  /** A refund or dispute took the balance below zero: calls are refused until topped up. */
  blocked: boolean;
  monthlyBudgetCents: number | null;
  spentThisMonthCents: number;
  products: Product[];
  plan: { status: string; cancelAtPeriodEnd: boolean; currentPeriodEnd: string | null } | null;
  upcoming: UpcomingShortfall[];
}

export async function currentPrices(q: Queryable): Promise<Prices> {
  const model = await getPricingModel(q);
  return { pricingModel: model, callPrices: callPriceList(model), extension: { seconds: EXTENSION.seconds, cents: EXTENSION.cents }, rules: moneyRules(model) };
}

export async function billingSummary(q: Queryable, user: Pick<User, "id" | "monthlyBudgetCents">): Promise<BillingSummary> {
  const [balance, spent, prices, plan] = await Promise.all([balanceCents(q, user.id), spentThisMonthCents(q, user.id), currentPrices(q), currentSubscription(q, user.id)]);
  return {
    ...prices,
    balanceCents: balance,
    blocked: balance < 0,
    monthlyBudgetCents: user.monthlyBudgetCents,
    spentThisMonthCents: spent,
    products: Object.values(PRODUCTS),
    plan: plan ? { status: plan.status, cancelAtPeriodEnd: plan.cancelAtPeriodEnd, currentPeriodEnd: plan.currentPeriodEnd ? new Date(plan.currentPeriodEnd).toISOString() : null } : null,
    upcoming: await upcomingShortfalls(q, user.id, balance, user.monthlyBudgetCents, prices.pricingModel),
  };
}
