// Worker tests run inside workerd (vitest plugin). Their bindings point at a migrated PGlite
// server and at the provider simulators, both started here on free ports.
import { neonConfig } from "@neondatabase/serverless";
import type { TestProject } from "vitest/node";
import ws from "ws";
import { createPool } from "../../core/db/pool.ts";
import { migrate } from "../../scripts/lib/migrate.ts";
import { startPgliteServer } from "../../scripts/lib/pglite-server.ts";
import { startSimulators } from "../../sim/index.ts";
import { localEnv } from "../../scripts/lib/local-env.ts";

export default async function setup(project: TestProject) {
  neonConfig.webSocketConstructor = ws;
  const db = await startPgliteServer({});
  const pool = createPool(db.url);
  await migrate(pool);
  await pool.end();
  const sims = await startSimulators({ ephemeral: true });
  const bindings = localEnv({ databaseUrl: db.url, sims: sims.urls, appUrl: "http://127.0.0.1:9" });
  project.provide("workerBindings", bindings);
  project.provide("databaseUrl", db.url);
  project.provide("simUrls", sims.urls);
  return async () => {
    await sims.close();
    await db.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    simUrls: Record<string, string>;
  }
}
