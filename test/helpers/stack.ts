// The whole back end for integration tests and benchmarks: a migrated in-memory PGlite
// server, every provider simulator, and the real API worker with its Durable Objects running
// in workerd through wrangler — reachable on a real port, so the Twilio simulator can call
// its webhooks and open media streams exactly as Twilio would.
import { neonConfig } from "@neondatabase/serverless";
import { unstable_startWorker } from "wrangler";
import ws from "ws";
import { createPool, type Pool } from "../../core/db/pool.ts";
import { localEnv, ROOT } from "../../scripts/lib/local-env.ts";
import { migrate } from "../../scripts/lib/migrate.ts";
import { startPgliteServer, type PgliteServer } from "../../scripts/lib/pglite-server.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import type { ProfileName } from "../../sim/core/latency.ts";
import { freePort } from "./free-port.ts";
import { startWeb } from "./web-server.ts";

export interface Stack {
  /** The API worker's own origin. */
  url: string;
  /** The origin people (and Twilio) use: the web app when it runs, else the API worker. */
  appUrl: string;
  env: Record<string, string>;
  db: PgliteServer;
  pool: Pool;
  sims: Simulators;
  close(): Promise<void>;
}

export interface StackOptions {
  profile?: ProfileName;
  /** Extra or overridden worker bindings. */
  env?: Record<string, string>;
  /** Also run the SvelteKit app (vite dev) in front of the API, as `npm start` does. */
  web?: boolean;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  process.env.WRANGLER_SEND_METRICS ??= "false";
  neonConfig.webSocketConstructor = ws;
  const db = await startPgliteServer({});
  const pool = createPool(db.url);
  await migrate(pool);
  const sims = await startSimulators({ ephemeral: true, profile: opts.profile });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const webPort = opts.web ? await freePort() : 0;
  const appUrl = opts.web ? `http://127.0.0.1:${webPort}` : url;
  const env = { ...localEnv({ databaseUrl: db.url, sims: sims.urls, appUrl }), ...opts.env };
  const worker = await unstable_startWorker({
    config: `${ROOT}/wrangler.toml`,
    bindings: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, { type: "plain_text" as const, value: v }])),
    dev: { server: { hostname: "127.0.0.1", port }, inspector: false, persist: false, logLevel: process.env.STACK_LOG === "1" ? "log" : "warn", watch: false },
  });
  await worker.ready;
  const web = opts.web ? await startWeb(webPort, url, env, sims.urls.twilio) : undefined;
  // Tell the Stripe simulator where this worker's webhook lives (its dashboard setting), with
  // a short retry backoff for tests. A failure here would silently lose every payment: throw.
  const hook = await fetch(`${sims.urls.control}/stripe/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: `${url}/api/stripe/webhook`, backoffMs: 200 }) });
  if (!hook.ok) throw new Error(`could not point the Stripe simulator at the worker: ${hook.status} ${await hook.text()}`);
  return {
    url,
    appUrl,
    env,
    db,
    pool,
    sims,
    async close() {
      await web?.close().catch(() => {});
      await worker.dispose().catch(() => {});
      await sims.close();
      await pool.end().catch(() => {});
      await db.close();
    },
  };
}
