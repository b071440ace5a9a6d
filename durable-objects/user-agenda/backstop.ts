// The backstop behind the alarms. An alarm whose handler keeps failing is retried six times
// and then dropped; a deploy or an outage can lose one too. Every minute the cron asks Neon
// for agendas that should have acted a while ago (schedules.next_due_at is the agenda's own
// next wake-up, mirrored) and tells each to re-arm from its stored state.
import { overdueAgendaUsers } from "../../core/db/schedules.ts";
import type { Queryable } from "../../core/db/pool.ts";
import { agendaStub } from "./stub.ts";

/** An alarm this late is not just running: it is lost. */
export const OVERDUE_AFTER_MS = 90_000;

export async function rearmOverdueAgendas(env: Env, db: Queryable, nowMs: number): Promise<{ rearmed: number; failed: number }> {
  const users = await overdueAgendaUsers(db, new Date(nowMs - OVERDUE_AFTER_MS));
  const results = await Promise.allSettled(users.map((u) => agendaStub(env, u).rearm(u)));
  const failed = results.filter((r) => r.status === "rejected");
  for (const f of failed) console.warn(`[agenda backstop] re-arm failed: ${String((f as PromiseRejectedResult).reason)}`);
  return { rearmed: results.length - failed.length, failed: failed.length };
}
