// Applies migrations/NNNN_name.sql in order, each once (recorded in schema_migrations) and
// each in its own transaction, so a failing migration leaves nothing half-done. An advisory
// lock keeps two runners (two `npm start`s, parallel test setups) from racing.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Pool } from "@neondatabase/serverless";

export const MIGRATIONS_DIR = join(import.meta.dirname, "..", "..", "migrations");
const LOCK_KEY = 7_420_001;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(dir, f), "utf8");
      return { version: f.slice(0, 4), name: f.slice(5, -4), sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(pool: Pool, migrations = readMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query(`create table if not exists schema_migrations (
      version text primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())`);
    for (const m of migrations) {
      await client.query("begin");
      try {
        await client.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
        const done = await client.query<{ checksum: string }>("select checksum from schema_migrations where version = $1", [m.version]);
        if (done.rows.length) {
          await client.query("rollback");
          if (done.rows[0].checksum !== m.checksum) console.warn(`[migrate] ${m.version}_${m.name}.sql changed after it was applied; add a new migration instead`);
          continue;
        }
        await client.query(m.sql);
        await client.query("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", [m.version, m.name, m.checksum]);
        await client.query("commit");
        applied.push(`${m.version}_${m.name}`);
      } catch (e) {
        await client.query("rollback").catch(() => {});
        throw new Error(`migration ${m.version}_${m.name}.sql failed: ${(e as Error).message}`);
      }
    }
  } finally {
    client.release();
  }
  return applied;
}
