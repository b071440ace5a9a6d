import { neonConfig } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ws from "ws";
import { createPool, type Pool } from "../../core/db/pool.ts";
import { migrate, readMigrations } from "../../scripts/lib/migrate.ts";
import { startPgliteServer, type PgliteServer } from "../../scripts/lib/pglite-server.ts";

neonConfig.webSocketConstructor = ws;

// An empty database of its own: this test is about applying migrations from nothing.
let server: PgliteServer;
let pool: Pool;
beforeAll(async () => {
  server = await startPgliteServer({});
  pool = createPool(server.url);
});
afterAll(async () => {
  await pool.end();
  await server.close();
});

async function pgError(p: Promise<unknown>): Promise<{ code?: string; message: string; constraint?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string; constraint?: string };
  }
  throw new Error("expected the statement to fail");
}

describe("migrations", () => {
  it("apply to an empty database once; a second run is a no-op", async () => {
    const first = await migrate(pool);
    expect(first).toEqual(readMigrations().map((m) => `${m.version}_${m.name}`));
    const tables = await pool.query<{ n: number }>("select count(*)::int as n from schema_migrations");
    expect(tables.rows[0].n).toBe(first.length);
    expect(await migrate(pool)).toEqual([]);
    const again = await pool.query<{ n: number }>("select count(*)::int as n from schema_migrations");
    expect(again.rows[0].n).toBe(first.length);
  });

  it("leaves nothing behind when a migration fails", async () => {
    const bad = [{ version: "9999", name: "broken", checksum: "x", sql: "create table half_done (id int); select * from no_such_table;" }];
    await expect(migrate(pool, bad)).rejects.toThrow(/9999_broken.sql failed/);
    const t = await pool.query("select to_regclass('half_done') as t");
    expect(t.rows[0].t).toBeNull();
    const rec = await pool.query("select 1 from schema_migrations where version = '9999'");
    expect(rec.rows).toHaveLength(0);
  });

  it("seeds the three system personas with prompts and first messages", async () => {
    const { rows } = await pool.query<{ id: string; first_message: string; system_prompt: string }>(
      "select id, first_message, system_prompt from personas where owner_id is null order by id",
    );
    expect(rows.map((r) => r.id)).toEqual(["alex_001", "brad_001", "sarah_001"]);
    for (const r of rows) {
      expect(r.first_message).toMatch(/\bAI\b/);
      expect(r.system_prompt.length).toBeGreaterThan(400);
    }
  });
});

describe("constraints", () => {
  let userId: string;
  beforeAll(async () => {
    const u = await pool.query<{ id: string }>("insert into users (workos_user_id, email) values ('user_c1', 'c1@example.com') returning id");
    userId = u.rows[0].id;
  });

  const entry = (kind: string, amount: number, ref: string) =>
    pool.query<{ balance_after: number; seq: number }>("insert into credit_entries (user_id, kind, amount, ref) values ($1, $2, $3, $4) returning balance_after, seq", [
      userId,
      kind,
      amount,
      ref,
    ]);

  it("derives the running balance and never lets it go negative", async () => {
    expect((await entry("grant", 499, "grant:c1")).rows[0]).toEqual({ balance_after: 499, seq: 1 });
    expect((await entry("reserve", -399, "reserve:c1:1")).rows[0].balance_after).toBe(100);
    const e = await pgError(entry("reserve", -399, "reserve:c1:2"));
    expect(e.code).toBe("23514");
    expect(e.message).toMatch(/insufficient credits/);
    const bal = await pool.query("select balance_cents from credit_balances where user_id = $1", [userId]);
    expect(bal.rows[0].balance_cents).toBe(100);
    const sum = await pool.query("select sum(amount)::int as s from credit_entries where user_id = $1", [userId]);
    expect(sum.rows[0].s).toBe(100);
  });

  it("applies the same ledger reference once and refuses any rewrite of the ledger", async () => {
    // A repeated ref is skipped under the per-user lock (no error, so a caller's transaction survives).
    expect((await entry("grant", 1, "grant:c1")).rowCount).toBe(0);
    const sum = await pool.query("select sum(amount)::int as s from credit_entries where user_id = $1", [userId]);
    expect(sum.rows[0].s).toBe(100);
    expect((await pgError(pool.query("update credit_entries set amount = 100000 where user_id = $1", [userId]))).message).toMatch(/append-only/);
    expect((await pgError(pool.query("delete from credit_entries where user_id = $1", [userId]))).message).toMatch(/append-only/);
  });

  it("keeps a schedule occurrence unique", async () => {
    const num = await pool.query<{ id: string }>("insert into phone_numbers (user_id, e164, country) values ($1, '+14155550100', 'US') returning id", [userId]);
    const s = await pool.query<{ id: string }>(
      `insert into schedules (user_id, persona_id, phone_number_id, length_seconds, local_time, time_zone, recurrence)
       values ($1, 'brad_001', $2, 300, '07:30', 'America/New_York', '{"kind":"daily"}') returning id`,
      [userId, num.rows[0].id],
    );
    const run = () =>
      pool.query("insert into schedule_runs (schedule_id, user_id, occurrence_key, due_at) values ($1, $2, '2026-03-08T07:30', '2026-03-08T11:30Z')", [s.rows[0].id, userId]);
    await run();
    expect((await pgError(run())).code).toBe("23505");
  });

  it("records a processed webhook event only once", async () => {
    const rec = () => pool.query("insert into processed_events (provider, event_id) values ('stripe', 'evt_123')");
    await rec();
    expect((await pgError(rec())).code).toBe("23505");
  });

  it("deletes everything of a user when the account is deleted", async () => {
    await pool.query("delete from users where id = $1", [userId]);
    for (const t of ["credit_entries", "phone_numbers", "schedules", "schedule_runs"]) {
      const r = await pool.query(`select count(*)::int as n from ${t} where user_id = $1`, [userId]);
      expect(r.rows[0].n, t).toBe(0);
    }
  });
});
