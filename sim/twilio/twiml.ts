// TwiML → verbs. The simulator executes the verbs a voice agent uses (<Connect><Stream>,
// <Say>, <Pause>, <Hangup>, <Redirect>, <Reject>); anything else is kept as "Unsupported" so
// a test can see that the product sent it.
import { XmlError, elementsOf, parseXml, textOf, type XmlElement } from "./xml.ts";

export interface StreamSpec {
  url: string;
  name?: string;
  track: string;
  statusCallback?: string;
  statusCallbackMethod: string;
  parameters: Record<string, string>;
}

export type Verb =
  | { verb: "Say"; text: string; loop: number; voice?: string }
  | { verb: "Pause"; length: number }
  | { verb: "Hangup" }
  | { verb: "Reject"; reason: string }
  | { verb: "Redirect"; url: string; method: string }
  | { verb: "Connect"; action?: string; method: string; stream?: StreamSpec; unsupported?: string }
  | { verb: "Unsupported"; name: string };

/** Twilio error 12100 "Document parse failure" (also used for a root that is not <Response>). */
export class TwimlError extends Error {
  readonly code = 12100;
}

export function parseTwiml(xml: string): Verb[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    throw new TwimlError(e instanceof XmlError ? e.message : String(e));
  }
  if (root.name !== "Response") throw new TwimlError(`root element is <${root.name}>, not <Response>`);
  return elementsOf(root).map(toVerb);
}

function toVerb(el: XmlElement): Verb {
  switch (el.name) {
    case "Say":
      return { verb: "Say", text: textOf(el), loop: Math.max(1, Number(el.attrs.loop ?? 1) || 1), voice: el.attrs.voice };
    case "Pause":
      return { verb: "Pause", length: Math.max(0, Number(el.attrs.length ?? 1) || 0) };
    case "Hangup":
      return { verb: "Hangup" };
    case "Reject":
      return { verb: "Reject", reason: el.attrs.reason ?? "rejected" };
    case "Redirect":
      return { verb: "Redirect", url: textOf(el), method: (el.attrs.method ?? "POST").toUpperCase() };
    case "Connect": {
      const inner = elementsOf(el)[0];
      const base = { verb: "Connect" as const, action: el.attrs.action, method: (el.attrs.method ?? "POST").toUpperCase() };
      if (!inner || inner.name !== "Stream") return { ...base, unsupported: inner?.name ?? "(empty)" };
      const parameters: Record<string, string> = {};
      for (const p of elementsOf(inner)) if (p.name === "Parameter" && p.attrs.name !== undefined) parameters[p.attrs.name] = p.attrs.value ?? "";
      return {
        ...base,
        stream: {
          url: inner.attrs.url ?? "",
          name: inner.attrs.name,
          track: inner.attrs.track ?? "inbound_track",
          statusCallback: inner.attrs.statusCallback,
          statusCallbackMethod: (inner.attrs.statusCallbackMethod ?? "POST").toUpperCase(),
          parameters,
        },
      };
    }
    default:
      return { verb: "Unsupported", name: el.name };
  }
}
