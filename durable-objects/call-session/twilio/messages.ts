// Twilio Media Streams messages (bidirectional <Connect><Stream>), parsed once at the edge.
// The browser softphone speaks the same format, so a web call reuses this path.
// Numbers such as sequenceNumber, chunk and timestamp are strings on the wire.

export type InboundMessage =
  | { event: "connected"; protocol?: string; version?: string }
  | { event: "start"; streamSid: string; start: StartInfo }
  | { event: "media"; streamSid?: string; media: { track?: string; chunk?: string; timestamp?: string; payload: string } }
  | { event: "mark"; streamSid?: string; mark: { name: string } }
  | { event: "dtmf"; streamSid?: string; dtmf: { digit: string; track?: string } }
  | { event: "stop"; streamSid?: string; stop?: { callSid?: string } };

export interface StartInfo {
  streamSid: string;
  callSid?: string;
  accountSid?: string;
  tracks?: string[];
  customParameters: Record<string, string>;
  mediaFormat?: { encoding: string; sampleRate: number; channels: number };
}

export class MediaProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MediaProtocolError";
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, what: string): string => {
  if (typeof v !== "string") throw new MediaProtocolError(`${what} must be a string`);
  return v;
};

export function parseInbound(text: string): InboundMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new MediaProtocolError("not JSON");
  }
  if (!isObj(raw)) throw new MediaProtocolError("not an object");
  switch (raw.event) {
    case "media": {
      const m = raw.media;
      if (!isObj(m)) throw new MediaProtocolError("media without media");
      return { event: "media", media: { payload: str(m.payload, "media.payload"), track: m.track as string | undefined, timestamp: m.timestamp as string | undefined } };
    }
    case "mark": {
      if (!isObj(raw.mark)) throw new MediaProtocolError("mark without mark");
      return { event: "mark", mark: { name: str(raw.mark.name, "mark.name") } };
    }
    case "start": {
      const s = raw.start;
      if (!isObj(s)) throw new MediaProtocolError("start without start");
      const params: Record<string, string> = {};
      if (isObj(s.customParameters)) for (const [k, v] of Object.entries(s.customParameters)) if (typeof v === "string") params[k] = v;
      const fmt = isObj(s.mediaFormat) ? s.mediaFormat : undefined;
      return {
        event: "start",
        streamSid: str(raw.streamSid ?? s.streamSid, "streamSid"),
        start: {
          streamSid: str(s.streamSid ?? raw.streamSid, "start.streamSid"),
          callSid: typeof s.callSid === "string" ? s.callSid : undefined,
          accountSid: typeof s.accountSid === "string" ? s.accountSid : undefined,
          tracks: Array.isArray(s.tracks) ? s.tracks.filter((t): t is string => typeof t === "string") : undefined,
          customParameters: params,
          mediaFormat: fmt ? { encoding: String(fmt.encoding), sampleRate: Number(fmt.sampleRate), channels: Number(fmt.channels) } : undefined,
        },
      };
    }
    case "connected":
      return { event: "connected", protocol: raw.protocol as string | undefined, version: raw.version as string | undefined };
    case "dtmf": {
      if (!isObj(raw.dtmf)) throw new MediaProtocolError("dtmf without dtmf");
      return { event: "dtmf", dtmf: { digit: str(raw.dtmf.digit, "dtmf.digit") } };
    }
    case "stop":
      return { event: "stop", stop: isObj(raw.stop) ? { callSid: raw.stop.callSid as string | undefined } : undefined };
    default:
      throw new MediaProtocolError(`unknown event ${JSON.stringify(raw.event)}`);
  }
}

// Outbound messages are built as strings directly: this is the hot path (one per 60 ms piece).
export const mediaMessage = (streamSid: string, payload: string) => `{"event":"media","streamSid":"${streamSid}","media":{"payload":"${payload}"}}`;
export const markMessage = (streamSid: string, name: string) => `{"event":"mark","streamSid":"${streamSid}","mark":{"name":${JSON.stringify(name)}}}`;
export const clearMessage = (streamSid: string) => `{"event":"clear","streamSid":"${streamSid}"}`;
