// What each simulator received and sent, for tests to read back through the control API.
// Bounded so that a long benchmark (thousands of 20 ms media frames) cannot grow it without end.

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  status?: number;
}

export interface RecordedMessage {
  at: number;
  dir: "in" | "out";
  /** Text frames as text; binary frames as "<binary N bytes>". */
  data: string;
}

export interface SocketRecord {
  id: number;
  path: string;
  openedAt: number;
  closedAt?: number;
  closeCode?: number;
  closeReason?: string;
  counts: { in: number; out: number };
  messages: RecordedMessage[];
}

const MAX_REQUESTS = 5000;
const MAX_MESSAGES_PER_SOCKET = 2000;
const MAX_SOCKETS = 2000;

export class Recorder {
  requests: RecordedRequest[] = [];
  sockets: SocketRecord[] = [];
  private nextSocketId = 1;

  request(r: RecordedRequest): RecordedRequest {
    this.requests.push(r);
    if (this.requests.length > MAX_REQUESTS) this.requests.splice(0, this.requests.length - MAX_REQUESTS);
    return r;
  }

  openSocket(path: string): SocketRecord {
    const s: SocketRecord = { id: this.nextSocketId++, path, openedAt: Date.now(), counts: { in: 0, out: 0 }, messages: [] };
    this.sockets.push(s);
    if (this.sockets.length > MAX_SOCKETS) {
      const i = this.sockets.findIndex((x) => x.closedAt !== undefined);
      if (i >= 0) this.sockets.splice(i, 1);
    }
    return s;
  }

  message(s: SocketRecord, dir: "in" | "out", data: string | Buffer | ArrayBuffer | Uint8Array) {
    s.counts[dir]++;
    const text = typeof data === "string" ? data : `<binary ${data.byteLength} bytes>`;
    s.messages.push({ at: Date.now(), dir, data: text });
    if (s.messages.length > MAX_MESSAGES_PER_SOCKET) s.messages.splice(0, s.messages.length - MAX_MESSAGES_PER_SOCKET);
  }

  open(): SocketRecord[] {
    return this.sockets.filter((s) => s.closedAt === undefined);
  }

  reset(): void {
    this.requests = [];
    // Open sockets stay listed: they are still open.
    this.sockets = this.open();
  }
}
