import { Hono } from "hono";
import { createPool } from "../core/db/pool.ts";

const app = new Hono<{ Bindings: Env }>();
app.get("/api/health", async (c) => {
  const pool = createPool(c.env.DATABASE_URL, { connectTimeoutMs: 2500 });
  try {
    await pool.query("select 1");
    return c.json({ ok: true, db: "ok" });
  } catch (e) {
    return c.json({ ok: false, db: String(e) }, 503);
  } finally {
    c.executionCtx.waitUntil(pool.end());
  }
});
export default app;
