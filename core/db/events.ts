import type { Queryable } from "./pool.ts";

/** Record a webhook event id; false when it was already recorded (a duplicate delivery). */
export async function recordEventOnce(q: Queryable, provider: string, eventId: string): Promise<boolean> {
  const r = await q.query("insert into processed_events (provider, event_id) values ($1, $2) on conflict do nothing", [provider, eventId.slice(0, 300)]);
  return (r.rowCount ?? 0) > 0;
}

export async function forgetEvent(q: Queryable, provider: string, eventId: string): Promise<void> {
  await q.query("delete from processed_events where provider = $1 and event_id = $2", [provider, eventId]);
}
