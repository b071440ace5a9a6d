// Scheduled calls the balance or the monthly budget won't cover: warned about on the billing
// page before they are due (the agenda skips such an occurrence when its time comes). Reads
// the schedules mirror in Postgres; only each schedule's next occurrence is known there.
import { spentThisMonthCents } from "../db/credits.ts";
import type { Queryable } from "../db/pool.ts";
import { callPriceCents, isCallLength, type PricingModel } from "../pricing.ts";

export interface UpcomingShortfall {
  scheduleId: string;
  personaName: string;
  dueAt: string;
  priceCents: number;
  reason: "balance" | "budget";
}

const HORIZON_DAYS = 7;

export async function upcomingShortfalls(q: Queryable, userId: string, balance: number, budgetCents: number | null, model: PricingModel): Promise<UpcomingShortfall[]> {
  const r = await q.query<{ id: string; personaName: string; dueAt: string; lengthSeconds: number }>(
    `select s.id, p.name as "personaName", s.next_due_at as "dueAt", s.length_seconds as "lengthSeconds"
     from schedules s join personas p on p.id = s.persona_id
     where s.user_id = $1 and not s.paused and s.next_due_at is not null and s.next_due_at < now() + make_interval(days => $2)
     order by s.next_due_at limit 50`,
    [userId, HORIZON_DAYS],
  );
  let budgetLeft = budgetCents === null ? Infinity : budgetCents - (await spentThisMonthCents(q, userId));
  let balanceLeft = balance;
  const out: UpcomingShortfall[] = [];
  // In due order: each call that would go through uses up what the next one could have had.
  for (const s of r.rows) {
    if (!isCallLength(s.lengthSeconds)) continue;
    const price = callPriceCents(s.lengthSeconds, model);
    const reason = price > balanceLeft ? "balance" : price > budgetLeft ? "budget" : null;
    if (reason) out.push({ scheduleId: s.id, personaName: s.personaName, dueAt: new Date(s.dueAt).toISOString(), priceCents: price, reason });
    else {
      balanceLeft -= price;
      budgetLeft -= price;
    }
  }
  return out;
}
