// A stand-in for the product in the Twilio simulator tests: an HTTP server that records every
// webhook (and answers TwiML requests with whatever the test sets), plus a WebSocket server
// that plays the product's side of Media Streams.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface Hit {
  at: number;
  method: string;
  path: string;
  /** Full URL as the simulator requested it (what a product validates the signature over). */
  url: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}

export type StreamMsg = { at: number; event: string; [k: string]: unknown };

async function until<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = find();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export class FakeStream {
  readonly ws: WebSocket;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly messages: StreamMsg[] = [];
  closedAt?: number;
  constructor(ws: WebSocket, url: string, headers: IncomingHttpHeaders) {
    this.ws = ws;
    this.url = url;
    this.headers = headers;
    ws.on("message", (d) => this.messages.push({ at: Date.now(), ...(JSON.parse(d.toString()) as { event: string }) }));
    ws.on("close", () => (this.closedAt = Date.now()));
  }

  get streamSid(): string {
    const start = this.messages.find((m) => m.event === "start");
    return String(start?.streamSid ?? "");
  }

  of(event: string): StreamMsg[] {
    return this.messages.filter((m) => m.event === event);
  }

  waitFor(pred: (m: StreamMsg) => boolean, timeoutMs = 5000, what = "a stream message"): Promise<StreamMsg> {
    return until(() => this.messages.find(pred), timeoutMs, what);
  }

  waitClosed(timeoutMs = 5000): Promise<number> {
    return until(() => this.closedAt, timeoutMs, "the stream socket to close");
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }
}

export class FakeProduct {
  url = "";
  wsUrl = "";
  readonly hits: Hit[] = [];
  readonly streams: FakeStream[] = [];
  /** The TwiML answered to POST /twiml* (per request). */
  twiml: (hit: Hit) => string = () => "<Response><Hangup/></Response>";
  /** Called for each new media stream socket (e.g. to refuse a second one). */
  onStream?: (s: FakeStream) => void;
  private server!: Server;
  private wss!: WebSocketServer;

  static async start(): Promise<FakeProduct> {
    const p = new FakeProduct();
    p.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const u = new URL(req.url ?? "/", p.url);
        const hit: Hit = { at: Date.now(), method: req.method ?? "GET", path: u.pathname, url: p.url + (req.url ?? "/"), headers: req.headers, form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())) };
        p.hits.push(hit);
        if (u.pathname.startsWith("/twiml")) res.writeHead(200, { "content-type": "text/xml" }).end(p.twiml(hit));
        else if (u.pathname.startsWith("/fail")) res.writeHead(500).end("nope");
        else res.writeHead(204).end();
      });
    });
    p.wss = new WebSocketServer({ server: p.server });
    p.wss.on("connection", (ws, req) => {
      const s = new FakeStream(ws, p.wsUrl + (req.url ?? "/"), req.headers);
      p.streams.push(s);
      p.onStream?.(s);
    });
    await new Promise<void>((r) => p.server.listen(0, "127.0.0.1", () => r()));
    const port = (p.server.address() as AddressInfo).port;
    p.url = `http://127.0.0.1:${port}`;
    p.wsUrl = `ws://127.0.0.1:${port}`;
    return p;
  }

  /** TwiML that connects a bidirectional stream to this product's /media with parameters. */
  streamTwiml(params: Record<string, string> = {}, after = ""): string {
    const ps = Object.entries(params).map(([k, v]) => `<Parameter name="${k}" value="${v}"/>`).join("");
    return `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="${this.wsUrl}/media">${ps}</Stream></Connect>${after}</Response>`;
  }

  hitsTo(path: string): Hit[] {
    return this.hits.filter((h) => h.path === path);
  }

  waitHit(pred: (h: Hit) => boolean, timeoutMs = 5000, what = "a webhook"): Promise<Hit> {
    return until(() => this.hits.find(pred), timeoutMs, what);
  }

  /** The nth media stream (0-based) whose `start` names this call. */
  waitStream(callSid: string, nth = 0, timeoutMs = 5000): Promise<FakeStream> {
    const of = () => this.streams.filter((s) => s.of("start").some((m) => (m.start as { callSid?: string } | undefined)?.callSid === callSid));
    return until(() => of()[nth], timeoutMs, `media stream #${nth + 1} of ${callSid}`);
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export { until };
