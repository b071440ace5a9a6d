// Node-side tests: one in-memory PGlite server behind the Postgres wire protocol, migrated,
// shared by the database tests (each test file works in its own users' rows).
import { neonConfig } from "@neondatabase/serverless";
import type { TestProject } from "vitest/node";
import ws from "ws";
import { createPool } from "../../core/db/pool.ts";
import { migrate } from "../../scripts/lib/migrate.ts";
import { startPgliteServer } from "../../scripts/lib/pglite-server.ts";

export default async function setup(project: TestProject) {
  neonConfig.webSocketConstructor = ws;
  const db = await startPgliteServer({});
  const pool = createPool(db.url);
  await migrate(pool);
  await pool.end();
  project.provide("databaseUrl", db.url);
  return () => db.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    workerBindings: Record<string, string>;
  }
}
