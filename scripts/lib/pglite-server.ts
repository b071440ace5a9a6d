// Embedded Postgres for local development and tests: PGlite (Postgres compiled to WASM)
// behind the Postgres wire protocol, reachable two ways on one port:
//   - WebSocket (what Neon's proxy speaks): the Neon serverless driver connects with
//     wsProxy = host:port/v2, exactly as it would to Neon in production;
//   - raw TCP, so psql and other tools work too.
// PGlite is a single backend, so connections are multiplexed: one connection owns the
// backend from its first message until the backend reports ReadyForQuery "idle". That keeps
// extended-protocol sequences (Parse/Bind/Execute/Sync) and transactions of different clients
// from interleaving, which a per-message queue would not.
import { createServer as createHttpServer } from "node:http";
import { createServer as createNetServer, type Socket } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { WebSocketServer, type WebSocket } from "ws";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_V3 = 196608;
/** A client that keeps the backend in a transaction without sending anything for this long is cut off. */
const OWNER_IDLE_MS = 30_000;

interface Conn {
  id: number;
  send(bytes: Uint8Array): void;
  close(): void;
  buffer: Buffer;
  started: boolean;
  pending: Uint8Array[];
  closed: boolean;
}

export interface PgliteServer {
  port: number;
  url: string;
  db: PGlite;
  close(): Promise<void>;
}

export interface PgliteServerOptions {
  /** Folder to persist the cluster in; in-memory when omitted. */
  dataDir?: string;
  port?: number;
  host?: string;
}

export async function startPgliteServer(opts: PgliteServerOptions = {}): Promise<PgliteServer> {
  const db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
  const host = opts.host ?? "127.0.0.1";
  let nextId = 1;
  let owner: Conn | null = null;
  let ownerIdleTimer: NodeJS.Timeout | undefined;
  const waiting: Conn[] = [];
  let pumping = false;
  const conns = new Set<Conn>();

  const release = () => {
    owner = null;
    clearTimeout(ownerIdleTimer);
  };

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        if (!owner) {
          const next = waiting.find((c) => c.pending.length > 0 && !c.closed);
          if (!next) return;
          waiting.splice(waiting.indexOf(next), 1);
          owner = next;
        }
        const conn: Conn = owner;
        const msg = conn.pending.shift();
        if (!msg) {
          // The owner is mid-transaction or mid-sequence; others wait for it.
          clearTimeout(ownerIdleTimer);
          ownerIdleTimer = setTimeout(() => conn.close(), OWNER_IDLE_MS);
          return;
        }
        clearTimeout(ownerIdleTimer);
        const out = await db.execProtocolRaw(msg);
        if (!conn.closed && out.length) conn.send(out);
        if (endsIdle(out)) release();
      }
    } finally {
      pumping = false;
    }
  }

  function enqueue(conn: Conn, msg: Uint8Array) {
    conn.pending.push(msg);
    if (owner !== conn && !waiting.includes(conn)) waiting.push(conn);
    void pump().catch((err) => {
      console.error("[db] backend error:", err);
      conn.close();
    });
  }

  async function onClose(conn: Conn) {
    if (conn.closed) return;
    conn.closed = true;
    conns.delete(conn);
    conn.pending = [];
    const i = waiting.indexOf(conn);
    if (i >= 0) waiting.splice(i, 1);
    if (owner === conn) {
      // Wait for a message that is executing now, then undo what the client left open.
      while (pumping) await new Promise((r) => setTimeout(r, 1));
      if (owner === conn) {
        await db.exec("ROLLBACK").catch(() => {});
        release();
      }
      void pump();
    }
  }

  function onData(conn: Conn, chunk: Buffer) {
    conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, chunk]) : chunk;
    for (;;) {
      const buf = conn.buffer;
      if (!conn.started) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        const code = buf.readInt32BE(4);
        conn.buffer = buf.subarray(len);
        if (code === SSL_REQUEST) conn.send(Buffer.from("N"));
        else if (code === CANCEL_REQUEST) conn.close();
        else if (code === PROTOCOL_V3) {
          conn.started = true;
          conn.send(startupReply(conn.id));
        } else conn.close();
        continue;
      }
      if (buf.length < 5) return;
      const len = 1 + buf.readInt32BE(1);
      if (buf.length < len) return;
      const msg = new Uint8Array(buf.subarray(0, len));
      conn.buffer = buf.subarray(len);
      if (msg[0] === 0x58 /* X: Terminate */) {
        conn.close();
        return;
      }
      enqueue(conn, msg);
    }
  }

  function attach(send: (b: Uint8Array) => void, close: () => void): Conn {
    const conn: Conn = { id: nextId++, send, close, buffer: Buffer.alloc(0), started: false, pending: [], closed: false };
    conns.add(conn);
    return conn;
  }

  const http = createHttpServer((req, res) => {
    if (req.url === "/health") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    } else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const conn = attach(
        (b) => ws.send(b),
        () => ws.close(),
      );
      ws.on("message", (data: Buffer) => onData(conn, data));
      ws.on("close", () => void onClose(conn));
      ws.on("error", () => void onClose(conn));
    });
  });

  // One port: HTTP/WebSocket when the first bytes look like a request line, else Postgres.
  const server = createNetServer((socket: Socket) => {
    socket.once("data", (first: Buffer) => {
      if (/^(GET|POST|HEAD) /.test(first.subarray(0, 5).toString("latin1"))) {
        socket.unshift(first);
        http.emit("connection", socket);
        return;
      }
      socket.setNoDelay(true);
      const conn = attach(
        (b) => socket.write(b),
        () => socket.destroy(),
      );
      socket.on("data", (d: Buffer) => onData(conn, d));
      socket.on("close", () => void onClose(conn));
      socket.on("error", () => void onClose(conn));
      onData(conn, first);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  let closed = false;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    db,
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    async close() {
      if (closed) return;
      closed = true;
      for (const c of conns) c.close();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
    },
  };
}

/** True when the backend's output ends with ReadyForQuery in state "idle" (no open transaction). */
function endsIdle(out: Uint8Array): boolean {
  const n = out.length;
  return n >= 6 && out[n - 6] === 0x5a && out[n - 2] === 5 && out[n - 3] === 0 && out[n - 1] === 0x49;
}

function startupReply(pid: number): Buffer {
  const parts: Buffer[] = [];
  const msg = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0, "latin1");
    head.writeInt32BE(body.length + 4, 1);
    parts.push(head, body);
  };
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  msg("R", int32(0)); // AuthenticationOk
  const params: Record<string, string> = {
    server_version: "17.4",
    server_encoding: "UTF8",
    client_encoding: "UTF8",
    DateStyle: "ISO, MDY",
    integer_datetimes: "on",
    standard_conforming_strings: "on",
    TimeZone: "UTC",
  };
  for (const [k, v] of Object.entries(params)) msg("S", Buffer.from(`${k}\0${v}\0`, "utf8"));
  msg("K", Buffer.concat([int32(pid), int32(pid * 7919)])); // BackendKeyData
  msg("Z", Buffer.from("I")); // ReadyForQuery
  return Buffer.concat(parts);
}
