// The Twilio REST surface of the simulator: /2010-04-01 (Calls, Messages) and Verify /v2,
// both on this one port. Basic auth first (a wrong token is 401/20003 on every path, as on
// the real API), then the path; TwilioError is mapped to Twilio's error body in one place.
import type { ServerResponse } from "node:http";
import type { Latency } from "../core/latency.ts";
import { parseForm, sendJson, type SimRequest } from "../core/server.ts";
import { requireAuth } from "./auth.ts";
import type { Calls } from "./calls.ts";
import { TwilioError, methodNotAllowed, notFound } from "./errors.ts";
import { listCalls, parseCreate, updateCall } from "./rest-calls.ts";
import { createMessage } from "./rest-messages.ts";
import type { Outbox } from "./sms.ts";
import type { Verify } from "./verify.ts";
import type { Webhooks } from "./webhooks.ts";

export interface RestDeps {
  accountSid: string;
  authToken: string;
  latency: Latency;
  calls: Calls;
  verify: Verify;
  outbox: Outbox;
  webhooks: Webhooks;
}

type Answer = { status: number; body: unknown };

export async function handleRest(req: SimRequest, res: ServerResponse, d: RestDeps): Promise<void> {
  await d.latency.delay("twilio.rest");
  let answer: Answer;
  try {
    requireAuth(req.headers, d.accountSid, d.authToken);
    answer = route(req, d);
  } catch (e) {
    if (!(e instanceof TwilioError)) throw e;
    answer = { status: e.status, body: e.body() };
  }
  sendJson(res, answer.status, answer.body);
}

function route(req: SimRequest, d: RestDeps): Answer {
  const { path, method } = req;
  const form = method === "POST" ? parseForm(req.body) : req.url.searchParams;
  let m: RegExpExecArray | null;

  if ((m = /^\/2010-04-01\/Accounts\/([^/]+)\/(.+)$/.exec(path))) {
    if (m[1] !== d.accountSid) throw notFound(path);
    const rest = m[2];
    if (rest === "Calls.json") {
      if (method === "POST") return { status: 201, body: d.calls.create(parseCreate(form)).resource() };
      if (method === "GET") return { status: 200, body: listCalls(d.calls, d.accountSid, form) };
      throw methodNotAllowed();
    }
    if ((m = /^Calls\/(CA[0-9a-f]{32})\.json$/.exec(rest))) {
      if (method === "GET") {
        const call = d.calls.get(m[1]);
        if (!call) throw notFound(path);
        return { status: 200, body: call.resource() };
      }
      if (method === "POST") return { status: 200, body: updateCall(d.calls, m[1], form, path) };
      throw methodNotAllowed();
    }
    if (rest === "Messages.json") {
      if (method !== "POST") throw methodNotAllowed();
      return { status: 201, body: createMessage(form, d.accountSid, d.outbox, d.webhooks) };
    }
    throw notFound(path);
  }

  if ((m = /^\/v2\/Services\/([^/]+)\/(Verifications|VerificationCheck)(?:\/([^/]+))?$/.exec(path))) {
    // Verify's 404 names the resource without the version prefix.
    const resourcePath = path.slice(3);
    const [, service, kind, vsid] = m;
    if (kind === "VerificationCheck" && !vsid) {
      if (method !== "POST") throw methodNotAllowed();
      return { status: 200, body: d.verify.check(service, form, resourcePath) };
    }
    if (kind === "Verifications" && !vsid) {
      if (method !== "POST") throw methodNotAllowed();
      return { status: 201, body: d.verify.start(service, form, resourcePath) };
    }
    if (kind === "Verifications" && vsid) {
      if (method === "GET") return { status: 200, body: d.verify.fetch(service, vsid, resourcePath) };
      if (method === "POST") return { status: 200, body: d.verify.update(service, vsid, form, resourcePath) };
      throw methodNotAllowed();
    }
  }
  throw notFound(path);
}
