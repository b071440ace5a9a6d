// Twilio's webhooks. Each one is signed with X-Twilio-Signature over the URL we gave Twilio
// (APP_URL + path) and its form params: anything else gets 403 and changes nothing.
// Callbacks arrive duplicated and out of order: each is recorded once by CallSid and
// SequenceNumber, and statuses only move forward.
import { Hono } from "hono";
import { advanceCallStatus, getCall, type CallStatus } from "../../core/db/calls.ts";
import { validateTwilioSignature } from "../../core/providers/twilio-signature.ts";
import type { AppEnv } from "../app-env.ts";
import { callStub } from "../calls/stubs.ts";
import { forbidden } from "../errors.ts";
import { recordEventOnce } from "../../core/db/events.ts";

const STATUS: Record<string, CallStatus> = {
  queued: "queued",
  initiated: "initiated",
  ringing: "ringing",
  "in-progress": "in_progress",
  answered: "in_progress",
  completed: "completed",
  busy: "busy",
  "no-answer": "no_answer",
  failed: "failed",
  canceled: "canceled",
};

const TERMINAL_REASON: Partial<Record<CallStatus, string>> = { busy: "busy", no_answer: "no_answer", failed: "failed", canceled: "canceled", completed: "completed" };

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

async function signedForm(c: { req: { url: string; header(n: string): string | undefined; text(): Promise<string> }; var: AppEnv["Variables"] }): Promise<URLSearchParams> {
  const url = new URL(c.req.url);
  const signedUrl = `${c.var.config.appUrl}${url.pathname}${url.search}`;
  const form = new URLSearchParams(await c.req.text());
  const ok = await validateTwilioSignature(c.var.config.twilio.authToken, c.req.header("x-twilio-signature"), signedUrl, form.entries());
  if (!ok) throw forbidden("invalid_signature", "Twilio signature check failed.");
  return form;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const twilio = new Hono<AppEnv>()
  .post("/voice/:id", async (c) => {
    await signedForm(c);
    const id = c.req.param("id");
    const hangup = () => c.body('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>', 200, { "content-type": "text/xml" });
    if (!UUID.test(id)) return hangup();
    const info = await callStub(c.env, id).twiml();
    if (!info || info.ended) return hangup();
    const app = c.var.config.appUrl;
    const ws = app.replace(/^http/, "ws");
    // After the stream, Redirect back here: if the CallSession was reset mid-call, Twilio
    // reconnects a new stream and the call resumes with its context.
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="${xml(`${ws}/api/calls/${id}/media`)}">` +
      `<Parameter name="callId" value="${xml(id)}"/><Parameter name="token" value="${xml(info.token)}"/></Stream></Connect>` +
      `<Redirect method="POST">${xml(`${app}/api/twilio/voice/${id}`)}</Redirect></Response>`;
    return c.body(body, 200, { "content-type": "text/xml" });
  })
  .post("/status/:id", async (c) => {
    const form = await signedForm(c);
    const id = c.req.param("id");
    const callSid = form.get("CallSid") ?? "";
    const status = STATUS[form.get("CallStatus") ?? ""];
    if (!UUID.test(id) || !status) return c.body(null, 204);
    const call = await getCall(c.var.db, id);
    if (!call || (call.twilioCallSid && call.twilioCallSid !== callSid)) return c.body(null, 204);
    const seq = form.get("SequenceNumber") ?? form.get("Timestamp") ?? status;
    if (!(await recordEventOnce(c.var.db, "twilio", `${callSid}:${seq}:${status}`))) return c.body(null, 204);
    const duration = form.get("CallDuration");
    const answeredBy = form.get("AnsweredBy");
    await advanceCallStatus(c.var.db, id, { status, twilioCallSid: callSid || null, answeredBy: answeredBy || null, durationSeconds: duration ? Number(duration) : null });
    const stub = callStub(c.env, id);
    if (status === "ringing" || status === "initiated") c.executionCtx.waitUntil(stub.ringing(callSid).catch((e: unknown) => console.warn(`[twilio] warm-up failed: ${(e as Error).message}`)));
    const reason = TERMINAL_REASON[status];
    if (reason) c.executionCtx.waitUntil(stub.ended(status, reason, duration ? Number(duration) : undefined).catch((e: unknown) => console.warn(`[twilio] settle failed: ${(e as Error).message}`)));
    return c.body(null, 204);
  })
  .post("/amd/:id", async (c) => {
    const form = await signedForm(c);
    const id = c.req.param("id");
    const answeredBy = form.get("AnsweredBy") ?? "";
    if (!UUID.test(id)) return c.body(null, 204);
    if (/^(machine|fax)/.test(answeredBy)) {
      await c.var.db.query("update calls set answered_by = $2 where id = $1", [id, answeredBy]);
      c.executionCtx.waitUntil(callStub(c.env, id).machineAnswered(answeredBy));
    }
    return c.body(null, 204);
  });
