import { createMiddleware } from "hono/factory";
import { createPool } from "../../core/db/pool.ts";
import type { AppEnv } from "../app-env.ts";

/**
 * One pool per request: Workers may not share I/O objects between requests. A pool opens no
 * connection until its first query; it is closed after the response without delaying it.
 */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  const pool = createPool(c.var.config.databaseUrl, { max: 3 });
  c.set("db", pool);
  try {
    await next();
  } finally {
    c.executionCtx.waitUntil(pool.end().catch(() => {}));
  }
});
