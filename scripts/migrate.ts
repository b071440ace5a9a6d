// `npm run db:migrate`: apply pending migrations to DATABASE_URL (from the environment,
// else .dev.vars). Works against the embedded PGlite server, any Postgres behind a WebSocket
// endpoint, or Neon.
import { neonConfig } from "@neondatabase/serverless";
import ws from "ws";
import { createPool } from "../core/db/pool.ts";
import { readDevVars } from "./lib/local-env.ts";
import { migrate } from "./lib/migrate.ts";

neonConfig.webSocketConstructor = ws;
const url = process.env.DATABASE_URL || readDevVars().DATABASE_URL;
if (!url) {
  console.error("db:migrate: set DATABASE_URL (or run `npm start` once to create .dev.vars)");
  process.exit(1);
}
const pool = createPool(url);
try {
  const applied = await migrate(pool);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} catch (e) {
  console.error(`db:migrate: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
