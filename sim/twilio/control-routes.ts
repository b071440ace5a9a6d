// Control API routes of the Twilio simulator, mounted at {control}/twilio/{route}. Inputs come
// from the JSON body or, for GETs, the query string. Scenario routes act as the callee's
// phone or line would; inspection routes return what the simulator saw.
import type { ControlInput, ControlRoute } from "../core/types.ts";
import type { Phones } from "../handset/phones.ts";
import { parsePolicy, type PolicyAnswer } from "../handset/protocol.ts";
import type { Call } from "./call.ts";
import type { Calls } from "./calls.ts";
import type { Outbox } from "./sms.ts";
import type { Verify } from "./verify.ts";
import type { Webhooks } from "./webhooks.ts";

export interface ControlDeps {
  calls: Calls;
  phones: Phones;
  webhooks: Webhooks;
  outbox: Outbox;
  verify: Verify;
}

function arg(input: ControlInput, name: string): string | undefined {
  const v = input.body[name] ?? input.query.get(name) ?? undefined;
  return v === undefined || v === null ? undefined : String(v);
}

export function callSummary(c: Call, detail = false) {
  return {
    sid: c.sid, status: c.status, to: c.to, from: c.from, direction: "outbound-api", answeredBy: c.answeredBy ?? null, endReason: c.endReason ?? null,
    createdAt: c.createdAt, initiatedAt: c.initiatedAt ?? null, ringingAt: c.ringingAt ?? null, answeredAt: c.answeredAt ?? null, endedAt: c.endedAt ?? null,
    params: c.params,
    streams: c.media.streams.map((s) => s.info),
    metrics: c.metrics,
    ...(detail ? { events: c.events, resource: c.resource() } : {}),
  };
}

export function createControlRoutes(d: ControlDeps): Record<string, ControlRoute> {
  const call = (input: ControlInput): Call => {
    const sid = arg(input, "callSid") ?? arg(input, "sid");
    if (!sid) throw new Error("callSid is required");
    const c = d.calls.get(sid);
    if (!c) throw new Error(`no call ${sid}`);
    return c;
  };
  const must = (error: string | undefined, ok: unknown = { ok: true }) => {
    if (error) throw new Error(error);
    return ok;
  };
  const setPolicy = (input: ControlInput, answer: string) => {
    const ringMs = arg(input, "ringMs");
    const policy = parsePolicy({ answer, ...(ringMs !== undefined ? { ringMs: Number(ringMs) } : {}) });
    if ("error" in policy) throw new Error(policy.error);
    d.phones.setPolicy(arg(input, "number"), policy, "control");
    return { number: arg(input, "number") ?? "(default)", policy };
  };
  const shortcut = (answer: PolicyAnswer): ControlRoute => (input) => setPolicy(input, answer);

  return {
    // GET calls → every call (summary); ?sid=CA… → one call with its event log; ?to=… filters.
    calls: (input) => {
      const sid = arg(input, "sid") ?? arg(input, "callSid");
      if (sid) return callSummary(call(input), true);
      const to = arg(input, "to");
      return d.calls.list().filter((c) => !to || c.to === to).map((c) => callSummary(c));
    },
    webhooks: (input) => {
      const callSid = arg(input, "callSid");
      const kind = arg(input, "kind");
      return d.webhooks.records.filter((w) => (!callSid || w.callSid === callSid) && (!kind || w.kind === kind));
    },
    sms: (input) => {
      const to = arg(input, "to");
      return d.outbox.records.filter((s) => !to || s.to === to);
    },
    verifications: () => d.verify.state(),
    "expire-verification": (input) => must(d.verify.expire(arg(input, "sid") ?? "") ? undefined : "no such verification"),
    handsets: () => d.phones.state(),
    // POST {number?, answer, ringMs?}: a number's policy, or the default for numbers with no phone.
    policy: (input) => {
      const answer = arg(input, "answer");
      return answer === undefined ? d.phones.state() : setPolicy(input, answer);
    },
    busy: shortcut("busy"),
    "no-answer": shortcut("no-answer"),
    voicemail: shortcut("voicemail"),
    fail: shortcut("fail"),
    auto: shortcut("auto"),
    // Acting as the handset of a call's callee.
    answer: (input) => must(call(input).answer(arg(input, "by") === "machine" ? "machine" : "human")),
    hangup: (input) => must(d.calls.hangup(call(input))),
    say: (input) => {
      const c = call(input);
      const text = arg(input, "text");
      if (!text) throw new Error("text is required");
      if (c.status !== "in-progress") throw new Error(`call ${c.sid} is ${c.status}`);
      const ms = arg(input, "durationMs");
      return c.media.say(text, ms === undefined ? undefined : Number(ms));
    },
    dtmf: (input) => {
      const c = call(input);
      return { sent: c.media.dtmf(arg(input, "digit") ?? "1") };
    },
    // The line drops mid-call: the stream gets `stop`, the call completes.
    drop: (input) => {
      const c = call(input);
      if (c.status !== "in-progress") throw new Error(`call ${c.sid} is ${c.status}`);
      c.end("completed", "dropped");
      return { ok: true };
    },
    // A second media stream for the same call (the product should refuse it).
    "second-stream": (input) => {
      const s = call(input).media.openExtraStream();
      if (typeof s === "string") throw new Error(s);
      return { streamSid: s.info.streamSid };
    },
  };
}
