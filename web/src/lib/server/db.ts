// Postgres for page loads: one pool per request (Workers may not share I/O objects between
// requests), created on first use and closed after the response.
import type { RequestEvent } from "@sveltejs/kit";
import { createPool, type Pool } from "$core/db/pool.ts";
import { webConfig } from "./config.ts";

const pools = new WeakMap<object, Pool>();

/** This request's pool. */
export function requestDb(event: Pick<RequestEvent, "locals">): Pool {
  let pool = pools.get(event.locals);
  if (!pool) {
    pool = createPool(webConfig().databaseUrl, { max: 3 });
    pools.set(event.locals, pool);
  }
  return pool;
}

/** Close the request's pool, if one was opened, without delaying the response. */
export function releaseDb(event: Pick<RequestEvent, "locals" | "platform">): void {
  const pool = pools.get(event.locals);
  if (!pool) return;
  pools.delete(event.locals);
  const done = pool.end().catch(() => {});
  event.platform?.ctx?.waitUntil(done);
}
