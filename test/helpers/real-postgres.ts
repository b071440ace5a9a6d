// A real PostgreSQL (the machine's 15+, e.g. Debian's postgresql-15) for tests that must see
// true concurrency — PGlite is a single backend, so it serialises everything. A throwaway
// cluster in a temp folder, plus a tiny WebSocket → TCP bridge on the port the URL names, so
// the Neon serverless driver reaches it exactly as it reaches Neon's proxy (host:port/v2).
// Returns undefined when no PostgreSQL is installed (PG_BIN may point at its bin folder).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocketServer, createWebSocketStream } from "ws";
import { freePort } from "./free-port.ts";

export interface RealPostgres {
  url: string;
  version: string;
  close(): Promise<void>;
}

function findBin(): string | undefined {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, "postgres")) ? process.env.PG_BIN : undefined;
  for (const v of ["17", "16", "15"]) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(dir, "postgres"))) return dir;
  }
  return undefined;
}

// PostgreSQL refuses to run as root; as root, run it as the postgres account.
const asRoot = process.getuid?.() === 0;
const run = (cmd: string, args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]) as [string, string[]];

async function until(ok: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });

export async function startRealPostgres(): Promise<RealPostgres | undefined> {
  const bin = findBin();
  if (!bin) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "cmb-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const [initCmd, initArgs] = run(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  execFileSync(initCmd, initArgs, { stdio: "pipe" });
  const pgPort = await freePort();
  const [cmd, args] = run(join(bin, "postgres"), [
    "-D", data, "-p", String(pgPort), "-k", dir, "-c", "listen_addresses=127.0.0.1",
    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
  ]);
  const pg: ChildProcess = spawn(cmd, args, { stdio: "ignore" });
  await until(() => canConnect(pgPort), 20_000, "PostgreSQL to accept connections");

  // The bridge: every WebSocket is one Postgres connection, bytes passed through unchanged.
  const wss = new WebSocketServer({ noServer: true });
  const http = createHttpServer((_req, res) => res.writeHead(404).end());
  http.on("upgrade", (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      const tcp = connect(pgPort, "127.0.0.1");
      tcp.setNoDelay(true);
      const stream = createWebSocketStream(ws);
      stream.pipe(tcp).pipe(stream);
      const end = () => (tcp.destroy(), ws.terminate());
      tcp.on("error", end);
      stream.on("error", end);
    }),
  );
  const port = await freePort();
  await new Promise<void>((r) => http.listen(port, "127.0.0.1", () => r()));
  const version = execFileSync(join(bin, "postgres"), ["--version"]).toString().trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    async close() {
      for (const c of wss.clients) c.terminate();
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
      // Signal the postmaster itself (runuser doesn't pass signals on): "immediate" is fine
      // for a cluster that is deleted next.
      const exited = new Promise<void>((r) => (pg.exitCode !== null ? r() : pg.once("exit", () => r())));
      const [stopCmd, stopArgs] = run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      try {
        execFileSync(stopCmd, stopArgs, { stdio: "pipe" });
      } catch {
        pg.kill("SIGKILL");
      }
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
