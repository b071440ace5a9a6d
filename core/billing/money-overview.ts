// The operator's money overview in one object (the operator page and GET /api/admin/money).
import { moneyByDay, moneyByPersona, moneyTotals, recentCallMoney, slowestCalls } from "../db/operator-stats.ts";
import type { Queryable } from "../db/pool.ts";
import { getPricingModel } from "../db/settings.ts";

const iso = <T extends { createdAt: string }>(c: T) => ({ ...c, createdAt: new Date(c.createdAt).toISOString() });

export async function moneyOverview(q: Queryable, days: number) {
  const [totals, personas, byDay, recent, slowest, pricingModel] = await Promise.all([
    moneyTotals(q, days),
    moneyByPersona(q, days),
    moneyByDay(q, days),
    recentCallMoney(q, days, 50),
    slowestCalls(q, days, 10),
    getPricingModel(q),
  ]);
  return { days, totals, personas, byDay, recent: recent.map(iso), slowest: slowest.map(iso), pricingModel };
}

export type MoneyOverview = Awaited<ReturnType<typeof moneyOverview>>;
