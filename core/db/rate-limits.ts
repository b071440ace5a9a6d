import type { Queryable } from "./pool.ts";

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  limit: number;
  retryAfterSeconds: number;
}

/**
 * Count one hit for `key` in the current fixed window and say whether it is within `limit`.
 * One atomic upsert, so concurrent requests are counted exactly (no approximate counters).
 */
export async function hitRateLimit(q: Queryable, key: string, limit: number, windowSeconds: number, now = Date.now()): Promise<RateLimitResult> {
  const windowStartMs = Math.floor(now / 1000 / windowSeconds) * windowSeconds * 1000;
  const r = await q.query<{ count: number }>(
    `insert into rate_limits (key, window_start, count) values ($1, $2, 1)
     on conflict (key, window_start) do update set count = rate_limits.count + 1
     returning count`,
    [key, new Date(windowStartMs).toISOString()],
  );
  const count = r.rows[0].count;
  return { allowed: count <= limit, count, limit, retryAfterSeconds: Math.max(1, Math.ceil((windowStartMs + windowSeconds * 1000 - now) / 1000)) };
}

/** Old windows are useless; delete them now and then (called from the cron backstop). */
export async function pruneRateLimits(q: Queryable, olderThanSeconds = 86_400): Promise<void> {
  await q.query("delete from rate_limits where window_start < now() - make_interval(secs => $1)", [olderThanSeconds]);
}
