// The HTTP + WebSocket server every simulator runs on: one port per provider, WebSocket
// endpoints on the same host and port as the HTTP ones (as with the real providers).
// It records each request and socket, applies armed faults, and hands the rest to the
// provider's handlers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, WebSocket } from "ws";
import type { Faults } from "./faults.ts";
import type { Latency } from "./latency.ts";
import type { Recorder, SocketRecord } from "./recorder.ts";

export interface SimRequest {
  method: string;
  url: URL;
  path: string;
  headers: IncomingMessage["headers"];
  /** Raw body bytes as text (UTF-8). */
  body: string;
  raw: IncomingMessage;
}

/** A server-side WebSocket that records what passes and obeys "drop" faults. */
export class SimSocket {
  readonly ws: WebSocket;
  readonly record: SocketRecord;
  private readonly recorder: Recorder;
  private dropAfterMessages?: number;
  constructor(ws: WebSocket, record: SocketRecord, recorder: Recorder) {
    this.ws = ws;
    this.record = record;
    this.recorder = recorder;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(data: string | Buffer | Uint8Array): void {
    if (!this.open) return;
    this.recorder.message(this.record, "out", data);
    this.ws.send(data);
    if (this.dropAfterMessages !== undefined && this.record.counts.out >= this.dropAfterMessages) this.drop();
  }

  close(code = 1000, reason = ""): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
  }

  /** An abrupt drop: no close frame, as when a provider's edge dies mid-stream. */
  drop(): void {
    this.ws.terminate();
  }

  armDrop(afterMessages?: number, afterMs?: number): void {
    if (afterMs !== undefined) setTimeout(() => this.drop(), afterMs).unref?.();
    else this.dropAfterMessages = this.record.counts.out + (afterMessages ?? 1);
  }
}

export interface SimHandlers {
  /** Shape of this provider's error body for a status (used by the 5xx fault and 404s). */
  errorBody(status: number, message: string): { contentType: string; body: string; headers?: Record<string, string> };
  request(req: SimRequest, res: ServerResponse): Promise<void> | void;
  /** Decide on an upgrade: return a function that receives the accepted socket, or an HTTP rejection. */
  upgrade?(req: SimRequest): UpgradeDecision | Promise<UpgradeDecision>;
}

export type UpgradeDecision =
  | { accept: (socket: SimSocket) => void; protocol?: string; headers?: Record<string, string> }
  | { reject: number; body?: string; headers?: Record<string, string> };

export interface SimServerDeps {
  name: string;
  latency: Latency;
  faults: Faults;
  recorder: Recorder;
  host?: string;
  port?: number;
}

export interface RunningSim {
  server: Server;
  url: string;
  port: number;
  sockets: Set<SimSocket>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function flatHeaders(h: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

export async function startSimServer(deps: SimServerDeps, handlers: SimHandlers): Promise<RunningSim> {
  const host = deps.host ?? "127.0.0.1";
  const sockets = new Set<SimSocket>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  // Upgrade sockets not yet handed to ws (e.g. held by a "hang" fault): http's
  // closeAllConnections no longer sees them, so close() must end them itself.
  const upgrading = new Set<Duplex>();

  const server = createServer(async (raw, res) => {
    const url = new URL(raw.url ?? "/", `http://${raw.headers.host ?? host}`);
    const refuse = deps.faults.take(url.pathname, ["refuse"]);
    if (refuse) return void raw.socket.destroy();
    const body = await readBody(raw).catch(() => "");
    const rec = deps.recorder.request({ at: Date.now(), method: raw.method ?? "GET", path: url.pathname + url.search, headers: flatHeaders(raw.headers), body });
    res.on("finish", () => (rec.status = res.statusCode));
    const fault = deps.faults.take(url.pathname, ["5xx", "hang", "slow"]);
    if (fault?.mode === "hang") return; // the client's own timeout ends it
    if (fault?.mode === "slow") await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
    if (fault?.mode === "5xx") {
      const status = fault.status ?? 500;
      const e = handlers.errorBody(status, "Injected fault: internal server error");
      res.writeHead(status, { ...e.headers, "content-type": e.contentType }).end(e.body);
      return;
    }
    try {
      await handlers.request({ method: raw.method ?? "GET", url, path: url.pathname, headers: raw.headers, body, raw }, res);
    } catch (err) {
      console.error(`[sim:${deps.name}] handler error`, err);
      if (!res.headersSent) {
        const e = handlers.errorBody(500, "Internal simulator error");
        res.writeHead(500, { "content-type": e.contentType }).end(e.body);
      } else res.destroy();
    }
  });

  server.on("upgrade", async (raw: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrading.add(socket);
    socket.once("close", () => upgrading.delete(socket));
    const url = new URL(raw.url ?? "/", `http://${raw.headers.host ?? host}`);
    const reject = (status: number, body: string, headers: Record<string, string> = {}) => {
      const lines = [`HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : status === 404 ? "Not Found" : status >= 500 ? "Internal Server Error" : "Bad Request"}`];
      for (const [k, v] of Object.entries({ "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), connection: "close", ...headers })) lines.push(`${k}: ${v}`);
      socket.end(lines.join("\r\n") + "\r\n\r\n" + body);
    };
    if (deps.faults.take(url.pathname, ["refuse"])) return void socket.destroy();
    const rec = deps.recorder.request({ at: Date.now(), method: "GET", path: url.pathname + url.search, headers: flatHeaders(raw.headers), body: "" });
    const fault = deps.faults.take(url.pathname, ["5xx", "hang", "slow"]);
    if (fault?.mode === "hang") {
      // The socket allows half-open: when the client gives up, finish it here.
      socket.once("end", () => socket.destroy());
      return;
    }
    if (fault?.mode === "slow") await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
    if (fault?.mode === "5xx") {
      rec.status = fault.status ?? 500;
      return reject(rec.status, handlers.errorBody(rec.status, "Injected fault").body);
    }
    if (!handlers.upgrade) {
      rec.status = 404;
      return reject(404, handlers.errorBody(404, "Not found").body);
    }
    const decision = await handlers.upgrade({ method: "GET", url, path: url.pathname, headers: raw.headers, body: "", raw });
    if ("reject" in decision) {
      rec.status = decision.reject;
      return reject(decision.reject, decision.body ?? "", decision.headers);
    }
    rec.status = 101;
    if (decision.headers) {
      const extra = decision.headers;
      wss.once("headers", (hs: string[]) => {
        for (const [k, v] of Object.entries(extra)) hs.push(`${k}: ${v}`);
      });
    }
    wss.handleUpgrade(raw, socket, head, (ws) => {
      const s = new SimSocket(ws, deps.recorder.openSocket(url.pathname + url.search), deps.recorder);
      sockets.add(s);
      ws.on("message", (data: RawData, isBinary: boolean) => {
        deps.recorder.message(s.record, "in", isBinary ? (data as Buffer) : data.toString());
      });
      ws.on("close", (code, reason) => {
        s.record.closedAt = Date.now();
        s.record.closeCode = code;
        s.record.closeReason = reason.toString();
        sockets.delete(s);
      });
      const drop = deps.faults.take(url.pathname, ["drop"]);
      if (drop) s.armDrop(drop.afterMessages, drop.afterMs);
      decision.accept(s);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(deps.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    sockets,
    async close() {
      for (const s of sockets) s.drop();
      for (const s of upgrading) s.destroy();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Small helpers shared by the provider handlers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers }).end(text);
}

export function parseForm(body: string): URLSearchParams {
  return new URLSearchParams(body);
}
