import { Hono } from "hono";
import { createPool } from "../../core/db/pool.ts";
import type { AppEnv } from "../app-env.ts";

/** Answers within 3 s whatever the database does: a real query, or 503 with the reason. */
const HEALTH_BUDGET_MS = 2800;

export const health = new Hono<AppEnv>().get("/", async (c) => {
  let pool: ReturnType<typeof createPool> | undefined;
  try {
    pool = createPool(c.env.DATABASE_URL, { connectTimeoutMs: HEALTH_BUDGET_MS - 300, max: 1 });
    const p = pool;
    await withTimeout(p.query("select 1 as ok"), HEALTH_BUDGET_MS, "database did not answer within 3 s");
    return c.json({ ok: true, db: "ok" });
  } catch (e) {
    return c.json({ ok: false, db: describe(e) }, 503);
  } finally {
    if (pool) c.executionCtx.waitUntil(pool.end().catch(() => {}));
  }
});

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: ReturnType<typeof setTimeout>;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(t));
}

/** A reason safe to show: never the connection string (it holds the password). */
function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/postgres(ql)?:\/\/[^\s]+/g, "postgres://…").slice(0, 200) || "unreachable";
}
