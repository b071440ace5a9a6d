// The credit ledger under concurrency, against PGlite through the Neon driver (what tests and
// local development run) and against a real PostgreSQL when one is installed (true parallel
// backends; PGlite serialises everything, so only there do the per-user locks really race).
import { neonConfig } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ws from "ws";
import { BudgetExceeded, chargeExtension, InsufficientCredits, reserveCall, settleCall } from "../../core/billing/call-charges.ts";
import { appendEntry, balanceCents } from "../../core/db/credits.ts";
import { createPool, type Pool } from "../../core/db/pool.ts";
import { migrate } from "../../scripts/lib/migrate.ts";
import { startPgliteServer } from "../../scripts/lib/pglite-server.ts";
import { startRealPostgres } from "../helpers/real-postgres.ts";
import { seeded } from "../helpers/random.ts";

neonConfig.webSocketConstructor = ws;

interface Backend {
  name: string;
  start(): Promise<{ url: string; close(): Promise<void> } | undefined>;
}

const backends: Backend[] = [
  { name: "PGlite", start: async () => startPgliteServer({}) },
  // CI installs postgresql-15; elsewhere this suite is skipped when none is found.
  { name: "PostgreSQL", start: startRealPostgres },
];

describe.each(backends)("credit ledger on $name", ({ name, start }) => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let pool: Pool;
  let n = 0;

  beforeAll(async () => {
    server = await start();
    if (!server) return;
    pool = createPool(server.url, { max: 40 });
    await migrate(pool);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await server?.close();
  });

  const skip = () => {
    if (!server) console.warn(`[ledger test] no ${name} installed: skipped`);
    return !server;
  };

  async function user(opts: { budget?: number; timeZone?: string } = {}): Promise<string> {
    n++;
    const r = await pool.query<{ id: string }>("insert into users (workos_user_id, email, monthly_budget_cents, time_zone) values ($1, $2, $3, $4) returning id", [
      `ledger_${name}_${n}`,
      `l${n}@example.com`,
      opts.budget ?? null,
      opts.timeZone ?? "UTC",
    ]);
    return r.rows[0].id;
  }

  async function calls(userId: string, count: number, price: number): Promise<string[]> {
    const r = await pool.query<{ id: string }>(
      `insert into calls (user_id, persona_name, channel, purchased_seconds, price_cents) select $1, 'Brad', 'web', 180, $2 from generate_series(1, $3) returning id`,
      [userId, price, count],
    );
    return r.rows.map((x) => x.id);
  }

  const grant = (userId: string, cents: number) => appendEntry(pool, { userId, kind: "grant", amount: cents, ref: `grant:${crypto.randomUUID()}` });

  async function chain(userId: string): Promise<Array<{ seq: number; kind: string; amount: number; balance_after: number }>> {
    const r = await pool.query<{ seq: number; kind: string; amount: number; balance_after: number }>("select seq, kind, amount, balance_after from credit_entries where user_id = $1 order by seq", [userId]);
    let running = 0;
    r.rows.forEach((e, i) => {
      running += e.amount;
      expect(e.seq).toBe(i + 1);
      expect(e.balance_after).toBe(running);
    });
    expect(await balanceCents(pool, userId)).toBe(running);
    return r.rows;
  }

  async function outcomes(attempts: Array<Promise<unknown>>): Promise<Record<string, number>> {
    const settled = await Promise.allSettled(attempts);
    const count: Record<string, number> = {};
    for (const s of settled) {
      const key = s.status === "fulfilled" ? "ok" : s.reason instanceof InsufficientCredits ? "insufficient" : s.reason instanceof BudgetExceeded ? "budget" : `error: ${String(s.reason)}`;
      count[key] = (count[key] ?? 0) + 1;
    }
    return count;
  }

  it("lets exactly 100 of 200 concurrent reservations through a balance for 100", async () => {
    if (skip()) return;
    const u = await user();
    await grant(u, 100 * 399);
    const ids = await calls(u, 200, 399);
    const count = await outcomes(ids.map((id) => reserveCall(pool, u, id, 399)));
    expect(count).toEqual({ ok: 100, insufficient: 100 });
    const entries = await chain(u);
    expect(entries.every((e) => e.balance_after >= 0)).toBe(true);
    expect(await balanceCents(pool, u)).toBe(0);
  }, 60_000);

  it("holds the monthly budget under the same race", async () => {
    if (skip()) return;
    const u = await user({ budget: 50 * 399, timeZone: "Pacific/Auckland" });
    await grant(u, 100 * 399);
    const ids = await calls(u, 200, 399);
    const count = await outcomes(ids.map((id) => reserveCall(pool, u, id, 399)));
    expect(count).toEqual({ ok: 50, budget: 150 });
    await chain(u);
  }, 60_000);

  it("never goes below zero and always equals the sum of its entries (20 random seeds)", async () => {
    if (skip()) return;
    for (let seed = 1; seed <= 20; seed++) {
      const rand = seeded(seed);
      const u = await user({ budget: rand() < 0.3 ? 1500 + Math.floor(rand() * 3000) : undefined });
      const ids = await calls(u, 40, 299);
      const reserved: string[] = [];
      const ops: Array<() => Promise<unknown>> = [];
      for (let i = 0; i < 120; i++) {
        const r = rand();
        const id = ids[Math.floor(rand() * ids.length)];
        if (r < 0.15) ops.push(() => grant(u, 100 + Math.floor(rand() * 900)));
        else if (r < 0.55) ops.push(() => reserveCall(pool, u, id, 299).then(() => reserved.push(id)));
        else if (r < 0.8) {
          const how = rand() < 0.5 ? "capture" : "release";
          ops.push(() => settleCall(pool, u, id, 299, how, "test"));
        } else ops.push(() => chargeExtension(pool, u, id, String(Math.floor(rand() * 2))));
      }
      // Run in concurrent bursts of random size.
      while (ops.length) {
        const burst = ops.splice(0, 1 + Math.floor(rand() * 12));
        const count = await outcomes(burst.map((op) => op()));
        expect(Object.keys(count).filter((k) => k.startsWith("error")), `seed ${seed}`).toEqual([]);
      }
      const entries = await chain(u);
      expect(entries.filter((e) => e.balance_after < 0), `seed ${seed}`).toEqual([]);
      // Settlement never mints: each call's release gives back exactly what it reserved.
      const net = await pool.query<{ call_id: string; reserved: number; released: number }>(
        `select call_id, -sum(amount) filter (where kind = 'reserve') as reserved, sum(amount) filter (where kind = 'release') as released
         from credit_entries where user_id = $1 and call_id is not null group by call_id`,
        [u],
      );
      for (const row of net.rows) if (row.released !== null) expect(row.released, `seed ${seed}`).toBe(row.reserved);
    }
  }, 120_000);

  it("settles a call once: an unanswered call releases its whole reservation, a second settlement changes nothing", async () => {
    if (skip()) return;
    const u = await user();
    await grant(u, 1000);
    const [missed, answered, never] = await calls(u, 3, 799);
    await reserveCall(pool, u, missed, 799);
    await reserveCall(pool, u, answered, 201);
    expect(await balanceCents(pool, u)).toBe(0);
    expect(await settleCall(pool, u, missed, 799, "release", "Not answered")).toBe("release");
    expect(await balanceCents(pool, u)).toBe(799);
    expect(await settleCall(pool, u, missed, 799, "capture", "late answer")).toBe("release");
    expect(await settleCall(pool, u, answered, 201, "capture", "Call answered")).toBe("capture");
    expect(await settleCall(pool, u, answered, 201, "release", "late")).toBe("capture");
    // A call without a reservation settles to nothing: a release can't mint credits.
    await settleCall(pool, u, never, 799, "release", "no reservation");
    expect(await balanceCents(pool, u)).toBe(799);
    await chain(u);
  });

  it("charges an extension once per window even when accepted twice at once", async () => {
    if (skip()) return;
    const u = await user();
    await grant(u, 2000);
    const [call] = await calls(u, 1, 499);
    await reserveCall(pool, u, call, 499);
    const twice = await Promise.all([chargeExtension(pool, u, call, "1000"), chargeExtension(pool, u, call, "1000")]);
    expect(twice.map((t) => t.charged).sort()).toEqual([false, true]);
    expect((await chargeExtension(pool, u, call, "1300")).charged).toBe(true);
    expect(await balanceCents(pool, u)).toBe(2000 - 499 - 2 * 299);
  });

  it("lets a refund take the balance below zero, and a reserved call still settle afterwards", async () => {
    if (skip()) return;
    const u = await user();
    await grant(u, 499);
    const [a, b] = await calls(u, 2, 499);
    await reserveCall(pool, u, a, 499);
    await appendEntry(pool, { userId: u, kind: "refund", amount: -2495, ref: `refund:${crypto.randomUUID()}` });
    expect(await balanceCents(pool, u)).toBe(-2495);
    await expect(reserveCall(pool, u, b, 499)).rejects.toBeInstanceOf(InsufficientCredits);
    // Both settlements must land even though the balance is negative.
    await settleCall(pool, u, a, 499, "capture", "Call answered");
    await expect(chargeExtension(pool, u, a, "x")).rejects.toBeInstanceOf(InsufficientCredits);
    const [c] = await calls(u, 1, 499);
    await grant(u, 3000);
    await reserveCall(pool, u, c, 499);
    await appendEntry(pool, { userId: u, kind: "refund", amount: -1000, ref: `refund:${crypto.randomUUID()}` });
    await settleCall(pool, u, c, 499, "release", "Not answered");
    expect(await balanceCents(pool, u)).toBe(499 - 499 - 2495 + 3000 - 1000);
    await chain(u);
  });

  it("refuses entries that move money the wrong way for their kind, and any rewrite", async () => {
    if (skip()) return;
    const u = await user();
    await grant(u, 100);
    const bad = (kind: string, amount: number) => pool.query("insert into credit_entries (user_id, kind, amount, ref) values ($1, $2, $3, $4)", [u, kind, amount, `bad:${crypto.randomUUID()}`]);
    for (const [kind, amount] of [["reserve", 50], ["grant", -50], ["purchase", -1], ["release", -1], ["capture", 10], ["refund", 10]] as const) {
      await expect(bad(kind, amount), `${kind} ${amount}`).rejects.toMatchObject({ code: "23514" });
    }
    await expect(pool.query("truncate credit_entries")).rejects.toThrow(/append-only/);
    await expect(pool.query("update credit_entries set amount = 1 where user_id = $1", [u])).rejects.toThrow(/append-only/);
    await chain(u);
  });

  it("counts the budget from the first of the month in the user's own time zone", async () => {
    if (skip()) return;
    const r = await pool.query<{ ny: string; utc: string }>(
      "select billing_month_start('America/New_York', '2026-03-01T03:00:00Z')::text as ny, billing_month_start('UTC', '2026-03-01T03:00:00Z')::text as utc",
    );
    // 03:00 UTC on 1 March is still February in New York.
    expect(new Date(r.rows[0].ny).toISOString()).toBe("2026-02-01T05:00:00.000Z");
    expect(new Date(r.rows[0].utc).toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });
});
