// The control API: how tests and the benchmark pick latency profiles, arm faults, drive
// scenarios and read back what each simulator received.
//   GET  /health                      → {"ok":true}
//   GET  /state                       → every simulator's state, open sockets, latency profile
//   GET  /sockets                     → sockets open right now, per simulator
//   POST /profile  {name, overrides?} → choose a latency profile (published | zero)
//   POST /faults   {provider, mode, match?, count?, probability?, delayMs?, afterMessages?, afterMs?, status?}
//   DELETE /faults[?provider=…]
//   POST /reset                       → clear records, faults and scenarios; profile back to default
//   POST /{provider}/drop-sockets {match?} → drop that simulator's open sockets now
//   GET|POST /{provider}/{route}      → that simulator's own routes (state, requests, scenarios…)
import { createServer, type Server } from "node:http";
import type { ProviderName } from "../config.ts";
import type { Faults, FaultSpec } from "./faults.ts";
import type { Latency, Profile } from "./latency.ts";
import type { Recorder } from "./recorder.ts";
import type { RunningSim } from "./server.ts";
import type { ProviderSim } from "./types.ts";

export interface ControlDeps {
  latency: Latency;
  defaultProfile: string;
  sims: Map<ProviderName, { sim: ProviderSim; running: RunningSim; faults: Faults; recorder: Recorder }>;
}

class ControlError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function createControlServer(deps: ControlDeps): Server {
  const openSockets = () => {
    const out: Record<string, unknown[]> = {};
    for (const [name, s] of deps.sims) out[name] = s.recorder.open().map((r) => ({ id: r.id, path: r.path, openedAt: r.openedAt, counts: r.counts }));
    return out;
  };
  const provider = (name: unknown) => {
    const s = deps.sims.get(name as ProviderName);
    if (!s) throw new ControlError(400, `unknown provider "${String(name)}"`);
    return s;
  };

  async function route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): Promise<unknown> {
    if (path === "/health") return { ok: true };
    if (path === "/state" && method === "GET") {
      const out: Record<string, unknown> = { latency: deps.latency.describe(), sockets: openSockets() };
      for (const [name, s] of deps.sims) out[name] = s.sim.state();
      return out;
    }
    if (path === "/sockets") return openSockets();
    if (path === "/profile" && method === "POST") {
      deps.latency.use(String(body.name ?? deps.defaultProfile), (body.overrides ?? {}) as Profile);
      return deps.latency.describe();
    }
    if (path === "/profile" && method === "GET") return deps.latency.describe();
    if (path === "/faults" && method === "POST") return provider(body.provider).faults.arm(body as unknown as FaultSpec);
    if (path === "/faults" && method === "DELETE") {
      const only = query.get("provider");
      for (const [name, s] of deps.sims) if (!only || only === name) s.faults.clear();
      return { ok: true };
    }
    if (path === "/faults" && method === "GET") {
      const out: Record<string, unknown> = {};
      for (const [name, s] of deps.sims) out[name] = { armed: s.faults.list(), fired: s.faults.fired };
      return out;
    }
    if (path === "/reset" && method === "POST") {
      deps.latency.use(deps.defaultProfile);
      for (const s of deps.sims.values()) {
        s.faults.clear();
        s.faults.fired.length = 0;
        s.recorder.reset();
        s.sim.reset();
      }
      return { ok: true };
    }
    const m = /^\/([a-z]+)\/(.+)$/.exec(path);
    if (m) {
      const s = provider(m[1]);
      if (m[2] === "requests") return s.recorder.requests;
      if (m[2] === "sockets") return s.recorder.sockets;
      if (m[2] === "state") return s.sim.state();
      // Drop every open socket of this provider now (a network blip mid-stream), optionally
      // only those whose path contains `match`.
      if (m[2] === "drop-sockets" && method === "POST") {
        const match = typeof body.match === "string" ? body.match : "";
        let dropped = 0;
        for (const sock of s.running.sockets) {
          if (match && !sock.record.path.includes(match)) continue;
          sock.drop();
          dropped++;
        }
        return { dropped };
      }
      const handler = s.sim.control[m[2]];
      if (!handler) throw new ControlError(404, `no control route "${m[2]}" on ${m[1]}`);
      return handler({ body, query });
    }
    throw new ControlError(404, `no control route ${method} ${path}`);
  }

  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    try {
      let body: Record<string, unknown> = {};
      if (text) {
        const parsed: unknown = JSON.parse(text);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new ControlError(400, "body must be a JSON object");
        body = parsed as Record<string, unknown>;
      }
      const result = await route(req.method ?? "GET", url.pathname, url.searchParams, body);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result ?? null));
    } catch (err) {
      const status = err instanceof ControlError ? err.status : err instanceof SyntaxError ? 400 : 400;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error: (err as Error).message }));
    }
  });
}
