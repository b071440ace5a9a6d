// A web call's media stream: the browser speaks Twilio's bidirectional Media Streams format
// to /api/calls/{id}/web, exactly what Twilio would send the CallSession for a phone call —
// connected, start (with the call's stream token in customParameters, as Twilio passes the
// TwiML <Parameter>), a media message per 20 ms frame, mark echoes once the audio before a
// mark has played, stop. Its replies are media, mark and clear messages.
import { fromBase64, toBase64 } from "$sim/audio/mulaw.ts";

export interface MediaStreamEvents {
  onAudio(mulaw: Uint8Array): void;
  onMark(name: string): void;
  onClear(): void;
  onOpen(): void;
  onClose(reason: string): void;
}

type Outbound = { event: "media"; media: { payload: string } } | { event: "mark"; mark: { name: string } } | { event: "clear" };

function parseOutbound(text: string): Outbound | undefined {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof m !== "object" || m === null || !("event" in m)) return undefined;
  if (m.event === "media" && "media" in m && typeof m.media === "object" && m.media !== null && "payload" in m.media && typeof m.media.payload === "string") return { event: "media", media: { payload: m.media.payload } };
  if (m.event === "mark" && "mark" in m && typeof m.mark === "object" && m.mark !== null && "name" in m.mark && typeof m.mark.name === "string") return { event: "mark", mark: { name: m.mark.name } };
  if (m.event === "clear") return { event: "clear" };
  return undefined;
}

export class WebCallStream {
  private readonly ws: WebSocket;
  private readonly streamSid = `MZweb${crypto.randomUUID().replace(/-/g, "")}`;
  private seq = 0;
  private chunk = 0;
  private startedAt = 0;
  private open = false;

  constructor(callId: string, token: string, events: MediaStreamEvents) {
    const url = new URL(`/api/calls/${callId}/web`, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    this.ws = new WebSocket(url);
    this.ws.addEventListener("open", () => {
      this.open = true;
      this.startedAt = performance.now();
      this.json({ event: "connected", protocol: "Call", version: "1.0.0" });
      this.json({
        event: "start",
        sequenceNumber: String(++this.seq),
        streamSid: this.streamSid,
        start: {
          streamSid: this.streamSid,
          callSid: callId,
          accountSid: "",
          tracks: ["inbound"],
          customParameters: { token },
          mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
        },
      });
      events.onOpen();
    });
    this.ws.addEventListener("message", (e: MessageEvent) => {
      if (typeof e.data !== "string") return;
      const m = parseOutbound(e.data);
      if (!m) return;
      if (m.event === "media") events.onAudio(fromBase64(m.media.payload));
      else if (m.event === "mark") events.onMark(m.mark.name);
      else events.onClear();
    });
    this.ws.addEventListener("close", (e: CloseEvent) => {
      this.open = false;
      events.onClose(e.reason || (e.code === 1000 ? "call ended" : "connection lost"));
    });
  }

  private json(m: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  sendFrame(frame: Uint8Array): void {
    if (!this.open) return;
    const timestamp = String(Math.round(performance.now() - this.startedAt));
    this.json({ event: "media", sequenceNumber: String(++this.seq), streamSid: this.streamSid, media: { track: "inbound", chunk: String(++this.chunk), timestamp, payload: toBase64(frame) } });
  }

  /** The audio before this mark has been played to the listener. */
  markPlayed(name: string): void {
    this.json({ event: "mark", sequenceNumber: String(++this.seq), streamSid: this.streamSid, mark: { name } });
  }

  hangUp(): void {
    this.json({ event: "stop", sequenceNumber: String(++this.seq), streamSid: this.streamSid, stop: { accountSid: "", callSid: "" } });
    this.ws.close(1000, "hung up");
  }
}
