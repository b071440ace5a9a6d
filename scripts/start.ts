// `npm start`: the whole product on this machine, no accounts or internet needed.
//   embedded Postgres (PGlite, persisted in .data/) → migrations → provider simulators →
//   wrangler dev (API worker + Durable Objects) → SvelteKit dev server (proxies /api).
// Prints one URL when everything answers. Ctrl-C stops it all; data stays for next time.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { neonConfig } from "@neondatabase/serverless";
import ws from "ws";
import { createPool } from "../core/db/pool.ts";
import { portFromEnv, PROVIDERS, type SimUrls } from "../sim/config.ts";
import { startSimulators } from "../sim/index.ts";
import { startChild, prefixer, type Child } from "./lib/children.ts";
import { formatEnvFile, localEnv, readDevVars, ROOT } from "./lib/local-env.ts";
import { migrate } from "./lib/migrate.ts";
import { startPgliteServer } from "./lib/pglite-server.ts";
import { assertPortFree, waitForHttp } from "./lib/ports.ts";

const host = "127.0.0.1";
const ports = {
  db: Number(process.env.DB_PORT || 5488),
  api: Number(process.env.API_PORT || 8787),
  web: Number(process.env.WEB_PORT || 5173),
};
const appUrl = `http://localhost:${ports.web}`;
const log = prefixer("start");
const children: Child[] = [];
const cleanups: Array<() => Promise<void>> = [];
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  await Promise.all(children.map((c) => c.stop()));
  for (const c of cleanups.reverse()) await c().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  // 1. Ports first: a clash is reported by name instead of a hang later.
  await assertPortFree(ports.db, "database (DB_PORT)");
  await assertPortFree(ports.api, "API worker (API_PORT)");
  await assertPortFree(ports.web, "web app (WEB_PORT)");
  for (const p of [...PROVIDERS, "control" as const]) await assertPortFree(portFromEnv(p), `${p} simulator (SIM_${p.toUpperCase()}_PORT)`);

  // 2. Postgres, persisted across runs.
  const dataDir = join(ROOT, ".data", "pglite");
  mkdirSync(dataDir, { recursive: true });
  const db = await startPgliteServer({ dataDir, port: ports.db, host });
  cleanups.push(() => db.close());
  prefixer("db")(`PGlite listening on ${host}:${ports.db} (data in .data/pglite)`);

  // 3. Local configuration, written once so a developer can edit it.
  const sims = await startSimulators({ host });
  cleanups.push(() => sims.close());
  prefixer("sim")(`simulators: ${JSON.stringify(sims.urls)}`);
  writeLocalConfig(db.url, sims.urls);
  const devVars = readDevVars();

  neonConfig.webSocketConstructor = ws;
  const pool = createPool(devVars.DATABASE_URL || db.url);
  const applied = await migrate(pool);
  await pool.end();
  prefixer("db")(applied.length ? `migrated: ${applied.join(", ")}` : "schema up to date");

  // 4. The API worker and the web app.
  const bin = (n: string) => join(ROOT, "node_modules", ".bin", n);
  const quiet = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" };
  children.push(
    startChild("api", bin("wrangler"), ["dev", "--ip", host, "--port", String(ports.api), "--persist-to", join(ROOT, ".data", "wrangler"), "--show-interactive-dev-session=false"], {
      cwd: ROOT,
      env: quiet,
    }),
  );
  children.push(startChild("web", bin("vite"), ["dev", "--host", host, "--port", String(ports.web), "--strictPort"], { cwd: join(ROOT, "web"), env: { ...quiet, API_ORIGIN: `http://${host}:${ports.api}` } }));
  for (const c of children) {
    void c.exited.then((code) => {
      if (stopping) return;
      log(`${c.name} exited (${code}); stopping everything`);
      void stop(1);
    });
  }

  await waitForHttp(`http://${host}:${ports.web}/api/health`, 120_000);
  log(`ready — open ${appUrl}`);
} catch (e) {
  log(`error: ${(e as Error).message}`);
  await stop(1);
}

function writeLocalConfig(databaseUrl: string, sims: SimUrls) {
  const env = localEnv({ databaseUrl, sims, appUrl });
  const devVars = join(ROOT, ".dev.vars");
  if (!existsSync(devVars)) {
    writeFileSync(devVars, formatEnvFile(env, "Local settings written by `npm start` (points at the simulators). Edit freely; see .dev.vars.example."));
    log("wrote .dev.vars with local defaults");
  }
  const webEnv = join(ROOT, "web", ".env");
  if (!existsSync(webEnv)) {
    const web = { APP_URL: env.APP_URL, DATABASE_URL: env.DATABASE_URL, WORKOS_BASE_URL: env.WORKOS_BASE_URL, WORKOS_API_KEY: env.WORKOS_API_KEY, WORKOS_CLIENT_ID: env.WORKOS_CLIENT_ID, WORKOS_COOKIE_PASSWORD: env.WORKOS_COOKIE_PASSWORD, TWILIO_SIM_URL: sims.twilio };
    writeFileSync(webEnv, formatEnvFile(web, "Local settings for the web app written by `npm start`."));
    log("wrote web/.env with local defaults");
  }
}
