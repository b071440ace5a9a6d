// The Media Streams WebSocket protocol (providers.md §1.6). Numbers that Twilio sends as
// strings (sequenceNumber, chunk, timestamp) stay strings here, because products parse them.

export interface MediaFormat {
  encoding: "audio/x-mulaw";
  sampleRate: 8000;
  channels: 1;
}

/** Twilio → product. */
export type TwilioStreamMessage =
  | { event: "connected"; protocol: "Call"; version: "1.0.0" }
  | {
      event: "start";
      sequenceNumber: string;
      streamSid: string;
      start: { streamSid: string; accountSid: string; callSid: string; tracks: ["inbound"]; customParameters: Record<string, string>; mediaFormat: MediaFormat };
    }
  | { event: "media"; sequenceNumber: string; streamSid: string; media: { track: "inbound"; chunk: string; timestamp: string; payload: string } }
  | { event: "dtmf"; sequenceNumber: string; streamSid: string; dtmf: { track: "inbound_track"; digit: string } }
  | { event: "mark"; sequenceNumber: string; streamSid: string; mark: { name: string } }
  | { event: "stop"; sequenceNumber: string; streamSid: string; stop: { accountSid: string; callSid: string } };

/** Product → Twilio (bidirectional streams only). */
export type ProductStreamMessage =
  | { event: "media"; streamSid: string; media: { payload: string } }
  | { event: "mark"; streamSid: string; mark: { name: string } }
  | { event: "clear"; streamSid: string };

export type Parsed = { ok: ProductStreamMessage } | { error: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parse one text frame from the product; anything Twilio would not accept is an error. */
export function parseProductMessage(text: string, streamSid: string): Parsed {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { error: "not JSON" };
  }
  if (!isObject(v)) return { error: "not a JSON object" };
  if (v.streamSid !== streamSid) return { error: `streamSid ${JSON.stringify(v.streamSid)} is not this stream's (${streamSid})` };
  switch (v.event) {
    case "media": {
      const payload = isObject(v.media) ? v.media.payload : undefined;
      if (typeof payload !== "string" || payload.length === 0 || payload.length % 4 !== 0 || !BASE64.test(payload)) return { error: "media.payload is not base64" };
      return { ok: { event: "media", streamSid, media: { payload } } };
    }
    case "mark": {
      const name = isObject(v.mark) ? v.mark.name : undefined;
      if (typeof name !== "string") return { error: "mark.name must be a string" };
      return { ok: { event: "mark", streamSid, mark: { name } } };
    }
    case "clear":
      return { ok: { event: "clear", streamSid } };
    default:
      return { error: `unknown event ${JSON.stringify(v.event)}` };
  }
}
