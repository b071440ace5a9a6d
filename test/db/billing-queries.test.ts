// The queries behind the billing and operator pages: scheduled calls the balance or budget
// won't cover, the ledger with its links, and charged − cost per call, persona and day.
import { neonConfig } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ws from "ws";
import { reserveCall, settleCall } from "../../core/billing/call-charges.ts";
import { upcomingShortfalls } from "../../core/billing/upcoming.ts";
import { appendEntry } from "../../core/db/credits.ts";
import { ledgerHistory } from "../../core/db/ledger-history.ts";
import { callMoney, moneyByDay, moneyByPersona, moneyTotals } from "../../core/db/operator-stats.ts";
import { createPool, type Pool } from "../../core/db/pool.ts";
import { migrate } from "../../scripts/lib/migrate.ts";
import { startPgliteServer, type PgliteServer } from "../../scripts/lib/pglite-server.ts";

neonConfig.webSocketConstructor = ws;

let server: PgliteServer;
let pool: Pool;
beforeAll(async () => {
  server = await startPgliteServer({});
  pool = createPool(server.url);
  await migrate(pool);
});
afterAll(async () => {
  await pool.end();
  await server.close();
});

let n = 0;
async function user(budget: number | null = null): Promise<string> {
  n++;
  const r = await pool.query<{ id: string }>("insert into users (workos_user_id, email, monthly_budget_cents) values ($1, $2, $3) returning id", [`bq_${n}`, `bq${n}@example.com`, budget]);
  return r.rows[0].id;
}

let numbers = 0;
async function schedule(userId: string, lengthSeconds: number, dueInHours: number, paused = false): Promise<string> {
  numbers++;
  const num = await pool.query<{ id: string }>("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, $2, 'US', now()) returning id", [userId, `+1415555${1000 + numbers}`]);
  const s = await pool.query<{ id: string }>(
    `insert into schedules (user_id, persona_id, phone_number_id, length_seconds, local_time, time_zone, recurrence, paused, next_due_at)
     values ($1, 'brad_001', $2, $3, '07:30', 'UTC', '{"kind":"daily"}', $4, now() + make_interval(hours => $5)) returning id`,
    [userId, num.rows[0].id, lengthSeconds, paused, dueInHours],
  );
  return s.rows[0].id;
}

async function call(userId: string, persona: string, price: number, opts: { answered: boolean; costMicrousd: number }): Promise<string> {
  const r = await pool.query<{ id: string }>(
    `insert into calls (user_id, persona_id, persona_name, channel, purchased_seconds, price_cents, status, answered_at, cost_microusd, duration_seconds)
     values ($1, $2, initcap(split_part($2, '_', 1)), 'web', 300, $3, 'completed', case when $4 then now() end, $5, 120) returning id`,
    [userId, persona, price, opts.answered, opts.costMicrousd],
  );
  const id = r.rows[0].id;
  await reserveCall(pool, userId, id, price);
  await settleCall(pool, userId, id, price, opts.answered ? "capture" : "release", "test");
  return id;
}

describe("upcoming shortfalls", () => {
  it("warns, in due order, about the scheduled calls the balance or the budget won't cover", async () => {
    const u = await user(1000);
    await appendEntry(pool, { userId: u, kind: "grant", amount: 900, ref: `g:${u}` });
    const first = await schedule(u, 300, 2); // 4.99 — covered (balance 9.00, budget 10.00)
    const second = await schedule(u, 180, 5); // 3.99 — covered (4.01 left)
    const third = await schedule(u, 300, 8); // 4.99 — not: 0.02 left
    await schedule(u, 600, 3, true); // paused: never warned about
    await schedule(u, 300, 24 * 9); // beyond the week: not yet
    const warnings = await upcomingShortfalls(pool, u, 900, 1000, "per_call");
    expect(warnings.map((w) => [w.scheduleId, w.reason, w.priceCents])).toEqual([[third, "balance", 499]]);
    expect([first, second]).not.toContain(warnings[0].scheduleId);
    // With a tight budget, the budget is the reason.
    const budgeted = await upcomingShortfalls(pool, u, 5000, 500, "per_call");
    expect(budgeted.map((w) => w.reason)).toEqual(["budget", "budget"]);
  });
});

describe("ledger history and operator money", () => {
  it("links entries to their call or payment, and computes charged − cost per call, persona and day", async () => {
    const u = await user();
    await appendEntry(pool, { userId: u, kind: "grant", amount: 5000, ref: `g2:${u}` });
    const pay = await pool.query<{ id: string }>("insert into payments (user_id, product, amount_cents, credits, status, paid_at) values ($1, 'pack', 2499, 2499, 'paid', now()) returning id", [u]);
    await appendEntry(pool, { userId: u, kind: "purchase", amount: 2499, ref: `p:${pay.rows[0].id}`, paymentId: pay.rows[0].id });
    const answered = await call(u, "sarah_001", 499, { answered: true, costMicrousd: 430_000 });
    const missed = await call(u, "brad_001", 399, { answered: false, costMicrousd: 20_000 });

    const history = await ledgerHistory(pool, u, 50);
    expect(history[0].call?.id).toBe(missed);
    expect(history.find((e) => e.kind === "purchase")?.payment).toMatchObject({ id: pay.rows[0].id, product: "pack", status: "paid" });
    expect(history.filter((e) => e.call?.id === answered).map((e) => e.kind)).toEqual(["capture", "reserve"]);

    expect(await callMoney(pool, answered)).toMatchObject({ chargedCents: 499, costMicrousd: 430_000, marginMicrousd: 499 * 10_000 - 430_000 });
    // A missed call was charged nothing, but its attempt still cost us.
    expect(await callMoney(pool, missed)).toMatchObject({ chargedCents: 0, costMicrousd: 20_000, marginMicrousd: -20_000 });

    const personas = await moneyByPersona(pool, 30);
    expect(personas.find((p) => p.personaId === "sarah_001")).toMatchObject({ calls: 1, answered: 1, chargedCents: 499 });
    const days = await moneyByDay(pool, 7);
    expect(days).toHaveLength(7);
    expect(days[6].chargedCents).toBeGreaterThanOrEqual(499);
    const totals = await moneyTotals(pool, 30);
    expect(totals.collectedCents).toBeGreaterThanOrEqual(2499);
    expect(totals.stripeFeesCents).toBeGreaterThanOrEqual(Math.ceil(2499 * 0.034 + 30));
  });
});
