// Small WebSocket and control-API helpers for the Deepgram and ElevenLabs simulator tests.
import WebSocket, { type RawData } from "ws";

export interface Conn {
  ws: WebSocket;
  /** Text messages parsed as JSON, in arrival order, with arrival time (performance.now). */
  messages: Array<{ at: number; data: Record<string, unknown> }>;
  closed: Promise<{ code: number; reason: string }>;
  /** Resolve with the first message (already received or future) matching `pred`. */
  next(pred: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export function connect(url: string, headers: Record<string, string> = {}, protocols?: string[]): Promise<Conn> {
  const ws = protocols ? new WebSocket(url, protocols, { headers }) : new WebSocket(url, { headers });
  const messages: Conn["messages"] = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (d: RawData, isBinary: boolean) => {
    if (isBinary) return;
    messages.push({ at: performance.now(), data: JSON.parse(d.toString()) as Record<string, unknown> });
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on("close", (code, reason) => r({ code, reason: reason.toString() })));
  const next = (pred: (m: Record<string, unknown>) => boolean, timeoutMs = 10_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.data)).slice(0, 500)}`)), timeoutMs);
      const check = () => {
        const hit = messages.find((m) => pred(m.data));
        if (hit) {
          clearTimeout(timer);
          resolve(hit.data);
        } else waiters.push(check);
      };
      check();
    });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, messages, closed, next }));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, headers: res.headers, body })));
    });
  });
}

/** The HTTP rejection of an upgrade: status, headers and body. */
export async function rejection(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  try {
    const c = await connect(url, headers);
    c.ws.close();
  } catch (e) {
    const x = e as { status?: number; headers?: Record<string, unknown>; body?: string };
    if (x.status) return { status: x.status, headers: x.headers ?? {}, body: x.body ?? "" };
    throw e;
  }
  throw new Error("the upgrade was accepted");
}

export async function control(base: string, path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<unknown> {
  const res = await fetch(base + path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Send 20 ms frames at real-time pace (drift-free). */
export async function sendRealtime(send: (f: Uint8Array) => void, frames: Uint8Array[]): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i++) {
    send(frames[i]);
    const wait = t0 + (i + 1) * 20 - performance.now();
    if (wait > 0) await sleep(wait);
  }
}
