// The live view of one call: joins the CallSession's room (/api/calls/{id}/live) with
// partysocket, which reconnects by itself; each (re)connect starts with a snapshot, so turns
// are merged by seq and never duplicated.
import { WebSocket as ReconnectingWebSocket } from "partysocket";
import { isTerminal } from "$core/db/calls.ts";
import { parseLiveMessage, phaseStatus, type LiveTurn } from "./live-messages.ts";

export class LiveCall {
  status = $state("queued");
  endReason = $state<string | null>(null);
  durationSeconds = $state<number | null>(null);
  turns = $state<LiveTurn[]>([]);
  partial = $state("");
  deadlineAt = $state<number | null>(null);
  connected = $state(false);
  notice = $state<string | null>(null);
  private socket?: ReconnectingWebSocket;
  private readonly callId: string;

  constructor(callId: string, initialStatus: string) {
    this.callId = callId;
    this.status = initialStatus;
  }

  get ended(): boolean {
    return isTerminal(this.status);
  }

  connect(): void {
    if (this.socket || this.ended) return;
    const url = () => {
      const u = new URL(`/api/calls/${this.callId}/live`, location.href);
      u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
      return u.toString();
    };
    const ws = new ReconnectingWebSocket(url, [], { maxRetries: 50, minReconnectionDelay: 500, maxReconnectionDelay: 5000 });
    ws.addEventListener("open", () => (this.connected = true));
    ws.addEventListener("close", () => (this.connected = false));
    ws.addEventListener("message", (e: MessageEvent) => {
      if (typeof e.data === "string") this.apply(e.data);
    });
    this.socket = ws;
  }

  private apply(text: string): void {
    const m = parseLiveMessage(text);
    if (!m) return;
    switch (m.type) {
      case "snapshot": {
        const s = phaseStatus(m.phase);
        if (s && !this.ended) this.status = s;
        this.endReason = m.endReason ?? this.endReason;
        this.deadlineAt = m.deadlineAt;
        for (const t of m.turns) this.addTurn(t);
        return;
      }
      case "status":
        this.status = m.status;
        if (m.endReason) this.endReason = m.endReason;
        if (m.durationSeconds !== null) this.durationSeconds = m.durationSeconds;
        if (this.ended) {
          this.partial = "";
          this.close();
        }
        return;
      case "turn":
        this.addTurn(m.turn);
        if (m.turn.speaker === "caller") this.partial = "";
        return;
      case "partial":
        this.partial = m.text;
        return;
      case "extended":
        this.deadlineAt = m.deadlineAt;
        this.notice = "Five more minutes were added.";
        return;
      case "extend_result":
        this.notice = m.message;
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  private addTurn(t: LiveTurn): void {
    const i = this.turns.findIndex((x) => x.seq === t.seq);
    if (i >= 0) this.turns[i] = t;
    else this.turns = [...this.turns, t].sort((a, b) => a.seq - b.seq);
  }

  /** Ask the call to end now (the owner's hang-up button). */
  hangUp(): boolean {
    if (this.socket?.readyState !== ReconnectingWebSocket.OPEN) return false;
    this.socket.send(JSON.stringify({ type: "hangup" }));
    return true;
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
    this.connected = false;
  }
}
