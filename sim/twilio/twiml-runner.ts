// Executes a call's TwiML, verb by verb, the way Twilio does: <Connect><Stream> holds the
// call until the product closes the socket, then the next verb runs (or <Connect action> is
// fetched); <Redirect> replaces the document; running out of verbs completes the call.
// Aborting the signal (REST redirect, hang-up, TimeLimit) stops it between or inside verbs.
import { sleep } from "../core/latency.ts";
import type { TwimlSource } from "./call-types.ts";
import type { StreamEnd } from "./media-stream.ts";
import { TwimlError, parseTwiml, type StreamSpec, type Verb } from "./twiml.ts";

export type Fetched = { ok: true; xml: string; url: string } | { ok: false; error: string };

export interface TwimlHost {
  fetch(url: string, method: string): Promise<Fetched>;
  say(text: string, signal: AbortSignal): Promise<void>;
  stream(spec: StreamSpec, signal: AbortSignal): Promise<StreamEnd>;
  /** The document ended the call (or ran out); `reason` goes into the call's record. */
  finish(reason: string): void;
  note(what: string, detail?: string): void;
}

/** Twilio stops a document chain that keeps redirecting without doing anything else. */
const MAX_DOCUMENTS = 100;

interface Doc {
  verbs: Verb[];
  base?: string;
}

export async function runTwiml(host: TwimlHost, source: TwimlSource, signal: AbortSignal): Promise<void> {
  let doc = await load(host, source);
  let documents = 1;
  while (doc && !signal.aborted) {
    let next: TwimlSource | undefined;
    for (const verb of doc.verbs) {
      if (signal.aborted) return;
      const r = await execute(host, verb, doc.base, signal);
      if (signal.aborted) return;
      if (r === "hangup") return;
      if (r) {
        next = r;
        break;
      }
    }
    if (!next) return host.finish("twiml-end");
    if (++documents > MAX_DOCUMENTS) return host.finish("twiml-redirect-loop");
    doc = await load(host, next);
  }
  if (!doc && !signal.aborted) host.finish("twiml-error");
}

async function execute(host: TwimlHost, verb: Verb, base: string | undefined, signal: AbortSignal): Promise<TwimlSource | "hangup" | undefined> {
  switch (verb.verb) {
    case "Say":
      for (let i = 0; i < verb.loop && !signal.aborted; i++) await host.say(verb.text, signal);
      return undefined;
    case "Pause":
      await sleep(verb.length * 1000, signal);
      return undefined;
    case "Hangup":
      host.finish("twiml-hangup");
      return "hangup";
    case "Reject":
      host.finish(`twiml-reject-${verb.reason}`);
      return "hangup";
    case "Redirect": {
      const url = resolve(verb.url, base);
      if (!url) return void host.note("twiml-invalid-redirect", verb.url);
      return { url, method: verb.method };
    }
    case "Connect": {
      if (!verb.stream) return void host.note("twiml-unsupported", `<Connect><${verb.unsupported}>`);
      const url = resolve(verb.stream.url, base, true);
      if (!url) return void host.note("stream-invalid-url", verb.stream.url);
      if (verb.stream.track !== "inbound_track") host.note("stream-track", `track="${verb.stream.track}" is not allowed on <Connect><Stream> (Twilio error 31941)`);
      const end = await host.stream({ ...verb.stream, url }, signal);
      host.note("stream-ended", end);
      if (verb.action && !signal.aborted) {
        const action = resolve(verb.action, base);
        if (action) return { url: action, method: verb.method };
      }
      return undefined;
    }
    case "Unsupported":
      host.note("twiml-unsupported", `<${verb.name}>`);
      return undefined;
    default: {
      const never: never = verb;
      return never;
    }
  }
}

async function load(host: TwimlHost, source: TwimlSource): Promise<Doc | undefined> {
  let xml: string;
  let base: string | undefined;
  if ("twiml" in source) xml = source.twiml;
  else {
    const r = await host.fetch(source.url, source.method);
    if (!r.ok) {
      host.note("twiml-fetch-failed", r.error);
      return undefined;
    }
    xml = r.xml;
    base = r.url;
  }
  try {
    return { verbs: parseTwiml(xml), base };
  } catch (e) {
    host.note("twiml-parse-error", e instanceof TwimlError ? `${e.code}: ${e.message}` : String(e));
    return undefined;
  }
}

/**
 * Absolute URLs are kept exactly as written (the product validates signatures against the
 * string it configured); relative ones resolve against the document's URL, and a relative
 * stream URL takes the document's scheme as ws(s).
 */
function resolve(url: string, base: string | undefined, websocket = false): string | undefined {
  const allowed = websocket ? ["ws:", "wss:"] : ["http:", "https:"];
  try {
    const abs = new URL(url);
    return allowed.includes(abs.protocol) ? url : undefined;
  } catch {
    // not absolute: fall through to relative resolution
  }
  if (!base) return undefined;
  try {
    const u = new URL(url, base);
    if (websocket) u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
    return allowed.includes(u.protocol) ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
