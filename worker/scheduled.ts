// Cron triggers (wrangler.toml [triggers]): the agenda backstop, every minute.
import { readConfig } from "../core/config.ts";
import { createPool } from "../core/db/pool.ts";
import { rearmOverdueAgendas } from "../durable-objects/user-agenda/backstop.ts";

export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const db = createPool(readConfig(env).databaseUrl, { max: 2 });
  try {
    const r = await rearmOverdueAgendas(env, db, controller.scheduledTime);
    if (r.rearmed || r.failed) console.log(`[agenda backstop] re-armed ${r.rearmed}, failed ${r.failed}`);
  } finally {
    ctx.waitUntil(db.end().catch(() => {}));
  }
}
