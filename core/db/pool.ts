// One way to reach Postgres from every runtime (Worker, Durable Object, SvelteKit server,
// Node scripts): the Neon serverless driver over WebSocket. Against Neon it speaks to Neon's
// proxy over wss; against a local host (the embedded PGlite server or a local Postgres behind
// a WebSocket endpoint) it uses plain ws and no pipelining, which only local hosts need.
import { Pool, neonConfig } from "@neondatabase/serverless";

export type { Pool };
export type Queryable = Pick<Pool, "query">;

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", "db.localtest.me"]);

export function isLocalDatabaseHost(host: string): boolean {
  return LOCAL_HOSTS.has(host) || host.endsWith(".localhost");
}

let configuredFor: "local" | "remote" | undefined;

function configureDriver(local: boolean) {
  const mode = local ? "local" : "remote";
  if (configuredFor === mode) return;
  configuredFor = mode;
  // wsProxy is a function of host so a remote host keeps Neon's default endpoint (host/v2).
  neonConfig.wsProxy = (host: string, port: number | string) => (isLocalDatabaseHost(host) ? `${host}:${port}/v2` : `${host}/v2`);
  neonConfig.useSecureWebSocket = !local;
  neonConfig.pipelineConnect = local ? false : "password";
  neonConfig.pipelineTLS = false;
}

export interface CreatePoolOptions {
  /** Give up connecting after this long (ms); health checks rely on it to never hang. */
  connectTimeoutMs?: number;
  max?: number;
}

export function createPool(databaseUrl: string, opts: CreatePoolOptions = {}): Pool {
  let host: string;
  try {
    host = new URL(databaseUrl).hostname;
  } catch {
    throw new Error("DATABASE_URL is not a valid postgres:// URL");
  }
  configureDriver(isLocalDatabaseHost(host));
  const pool = new Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    max: opts.max ?? 5,
  });
  // An idle pooled connection that the server drops (restart, idle timeout) is discarded by
  // the pool; without a listener that would be an unhandled 'error' event.
  pool.on("error", () => {});
  return pool;
}
