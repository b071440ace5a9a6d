// /2010-04-01/Accounts/{AccountSid}/Calls.json and /Calls/{CallSid}.json: create, list,
// fetch, update (hang up, cancel, redirect). Form parameter names as twilio-node sends them.
import type { CallParams, StatusEvent, TwimlSource } from "./call-types.ts";
import type { Calls } from "./calls.ts";
import { TwilioError, notFound } from "./errors.ts";
import { isDialable, isE164 } from "./format.ts";

const EVENTS: readonly StatusEvent[] = ["initiated", "ringing", "answered", "completed"];
const method = (v: string | null) => (v?.toUpperCase() === "GET" ? "GET" : "POST");
const isHttpUrl = (u: string) => /^https?:\/\/[^\s/]+/i.test(u);

function intParam(form: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const v = form.get(name);
  if (v === null || v === "") return def;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new TwilioError(400, 21626, `${name} must be an integer`);
  return Math.min(max, Math.max(min, n));
}

function source(form: URLSearchParams): TwimlSource | undefined {
  const url = form.get("Url");
  if (url) {
    if (!isHttpUrl(url)) throw new TwilioError(400, 21205, `Url is not a valid URL: ${url}`);
    return { url, method: method(form.get("Method")) };
  }
  const twiml = form.get("Twiml");
  if (twiml) {
    if (twiml.length > 4000) throw new TwilioError(400, 21625, "Twiml exceeds the 4000 character limit");
    return { twiml };
  }
  return undefined;
}

export function parseCreate(form: URLSearchParams): CallParams {
  const to = form.get("To");
  const from = form.get("From");
  if (!to) throw new TwilioError(400, 21201, "No 'To' number is specified");
  if (!from) throw new TwilioError(400, 21213, "No 'From' number is specified.");
  const src = source(form);
  if (!src) {
    if (form.get("ApplicationSid")) throw new TwilioError(400, 21218, "ApplicationSid is not supported by the simulator; pass Url or Twiml");
    throw new TwilioError(400, 21205, "Url parameter is required.");
  }
  if (!isDialable(to)) throw new TwilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
  if (!isE164(from) && !/^client:/.test(from)) throw new TwilioError(400, 21212, `Invalid 'From' Phone Number: ${from}`);
  const statusCallback = form.get("StatusCallback") ?? undefined;
  if (statusCallback && !isHttpUrl(statusCallback)) throw new TwilioError(400, 21609, `Invalid 'StatusCallback': ${statusCallback}`);
  // REST takes repeated keys; a space-separated single value (TwiML's <Number> style) is not
  // an event name, so it is ignored here as it is by the real API (UNCONFIRMED: see report).
  const asked = form.getAll("StatusCallbackEvent").filter((e): e is StatusEvent => EVENTS.includes(e as StatusEvent));
  const amd = form.get("MachineDetection");
  return {
    to,
    from,
    source: src,
    fallbackUrl: form.get("FallbackUrl") ?? undefined,
    fallbackMethod: method(form.get("FallbackMethod")),
    statusCallback,
    statusCallbackMethod: method(form.get("StatusCallbackMethod")),
    // Without StatusCallbackEvent Twilio only reports the final status.
    statusCallbackEvents: asked.length ? asked : ["completed"],
    timeout: intParam(form, "Timeout", 60, 1, 600),
    timeLimit: intParam(form, "TimeLimit", 14_400, 1, 86_400),
    machineDetection: amd === "Enable" || amd === "DetectMessageEnd" ? amd : undefined,
    asyncAmd: form.get("AsyncAmd") === "true",
    asyncAmdStatusCallback: form.get("AsyncAmdStatusCallback") ?? undefined,
    asyncAmdStatusCallbackMethod: method(form.get("AsyncAmdStatusCallbackMethod")),
  };
}

export function listCalls(calls: Calls, accountSid: string, query: URLSearchParams) {
  const pageSize = Math.min(1000, Math.max(1, Number(query.get("PageSize") ?? 50) || 50));
  const filtered = calls
    .list()
    .filter((c) => (!query.get("To") || c.to === query.get("To")) && (!query.get("From") || c.from === query.get("From")) && (!query.get("Status") || c.resource().status === query.get("Status")))
    .reverse()
    .slice(0, pageSize);
  const uri = `/2010-04-01/Accounts/${accountSid}/Calls.json?PageSize=${pageSize}&Page=0`;
  return { calls: filtered.map((c) => c.resource()), end: Math.max(0, filtered.length - 1), first_page_uri: uri, next_page_uri: null, page: 0, page_size: pageSize, previous_page_uri: null, start: 0, uri };
}

/** POST /Calls/{Sid}.json. Status wins over a redirect when both are sent. */
export function updateCall(calls: Calls, callSid: string, form: URLSearchParams, path: string) {
  const call = calls.get(callSid);
  if (!call) throw notFound(path);
  const status = form.get("Status");
  const cb = form.get("StatusCallback");
  if (cb) call.params.statusCallback = cb;
  if (form.get("StatusCallbackMethod")) call.params.statusCallbackMethod = method(form.get("StatusCallbackMethod"));
  if (status) {
    if (status !== "completed" && status !== "canceled") throw new TwilioError(400, 21218, `Invalid Status: ${status}`);
    // Hanging up a call that already ended: the API answers 404 (pipecat treats it as done).
    if (!call.live) throw notFound(path);
    if (call.status === "in-progress") {
      // Status=canceled only applies before answer; a live call ignores it.
      if (status === "completed") call.end("completed", "rest-hangup");
    } else call.end("canceled", "rest-cancel");
    return call.resource();
  }
  const src = source(form);
  if (src) {
    const err = call.redirect(src);
    if (err) throw new TwilioError(400, 21220, "Call is not in-progress. Cannot redirect.");
  }
  if (form.get("TimeLimit")) call.setTimeLimit(intParam(form, "TimeLimit", call.params.timeLimit, 1, 86_400));
  return call.resource();
}
