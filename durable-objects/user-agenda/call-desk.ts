// The agenda's calls, through the product's one way of placing them (placeCall) and the
// ledger's own settlement — plus the reconciliation with Twilio that exactly-once needs when
// a crash fell between "Twilio accepted the call" and "we wrote down its SID".
import { settleCall } from "../../core/billing/call-charges.ts";
import type { Config } from "../../core/config.ts";
import { advanceCallStatus, findCallByIdempotencyKey, getCall, setCallFacts, type CallRow, type CallStatus } from "../../core/db/calls.ts";
import type { Pool } from "../../core/db/pool.ts";
import { fetchCall, listCallsTo } from "../../core/providers/twilio.ts";
import type { CallLengthSeconds } from "../../core/pricing.ts";
import { placeCall } from "../../worker/calls/place-call.ts";
import { callStub } from "../../worker/calls/stubs.ts";
import { ApiError } from "../../worker/errors.ts";
import type { CallDesk, CallFacts, DialRequest, DialResult } from "./ports.ts";

/** Twilio's final statuses, as our call statuses. */
const TWILIO_FINAL: Record<string, CallStatus> = { completed: "completed", busy: "busy", "no-answer": "no_answer", failed: "failed", canceled: "canceled" };
/** Twilio's list and our rows disagree by clock skew; a dial's call is created after its row. */
const SKEW_MS = 10_000;

function facts(c: CallRow): CallFacts {
  return {
    id: c.id,
    status: c.status,
    twilioCallSid: c.twilioCallSid,
    toE164: c.toE164,
    createdAt: new Date(c.createdAt).toISOString(),
    answeredAt: c.answeredAt === null ? null : new Date(c.answeredAt).toISOString(),
    endReason: c.endReason,
    purchasedSeconds: c.purchasedSeconds,
  };
}

export class LiveCallDesk implements CallDesk {
  private readonly env: Env;
  private readonly config: Config;
  private readonly db: Pool;

  constructor(env: Env, config: Config, db: Pool) {
    this.env = env;
    this.config = config;
    this.db = db;
  }

  async dial(req: DialRequest): Promise<DialResult> {
    try {
      const call = await placeCall(this.env, this.config, this.db, {
        userId: req.userId,
        personaId: req.personaId,
        channel: "phone",
        phoneNumberId: req.phoneNumberId,
        lengthSeconds: req.lengthSeconds as CallLengthSeconds,
        idempotencyKey: req.idempotencyKey,
        scheduleRunId: req.scheduleRunId,
        attempt: req.attempt,
        dialAt: req.dialAt,
      });
      return { kind: "placed", call: facts(call) };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 402) return { kind: "refused", refusal: "budget", code: e.code, message: e.message };
      if (e.code === "call_in_progress") return { kind: "refused", refusal: "line_busy", code: e.code, message: e.message };
      // Twilio refused the dial: placeCall failed the row and released its credits.
      if (e.code === "dial_failed") {
        const row = await this.byKey(req.userId, req.idempotencyKey);
        if (row) return { kind: "placed", call: row };
        throw e;
      }
      if (e.status === 404 && !(await this.userExists(req.userId))) return { kind: "refused", refusal: "account_gone", code: e.code, message: e.message };
      if (e.status >= 400 && e.status < 500) return { kind: "refused", refusal: "invalid", code: e.code, message: e.message };
      throw e;
    }
  }

  private async userExists(userId: string): Promise<boolean> {
    const r = await this.db.query("select 1 from users where id = $1", [userId]);
    return r.rows.length > 0;
  }

  async byKey(userId: string, key: string): Promise<CallFacts | undefined> {
    const c = await findCallByIdempotencyKey(this.db, userId, key);
    return c && facts(c);
  }

  async inspect(callId: string): Promise<CallFacts | undefined> {
    const c = await getCall(this.db, callId);
    return c && facts(c);
  }

  async unclaimedAtTwilio(to: string, sinceIso: string): Promise<{ sid: string; status: string } | undefined> {
    const since = Date.parse(sinceIso) - SKEW_MS;
    const recent = (await listCallsTo(this.config.twilio, to)).filter((c) => Date.parse(c.date_created) >= since);
    if (!recent.length) return undefined;
    const claimed = await this.db.query<{ sid: string }>("select twilio_call_sid as sid from calls where twilio_call_sid = any($1::text[])", [recent.map((c) => c.sid)]);
    const taken = new Set(claimed.rows.map((r) => r.sid));
    // Oldest first: the lost dial is the first call after its row was written.
    const free = recent.filter((c) => !taken.has(c.sid)).sort((a, b) => Date.parse(a.date_created) - Date.parse(b.date_created));
    return free[0] && { sid: free[0].sid, status: free[0].status };
  }

  async adopt(call: CallFacts, sid: string, twilioStatus: string): Promise<void> {
    await setCallFacts(this.db, call.id, { twilioCallSid: sid });
    await advanceCallStatus(this.db, call.id, { status: "initiated", twilioCallSid: sid });
    await callStub(this.env, call.id).setTwilioSid(sid);
    if (TWILIO_FINAL[twilioStatus]) await this.settleFromTwilio(call, twilioStatus);
  }

  async twilioStatus(sid: string): Promise<string | undefined> {
    return (await fetchCall(this.config.twilio, sid)).status;
  }

  async settleFromTwilio(call: CallFacts, twilioStatus: string): Promise<void> {
    const status = TWILIO_FINAL[twilioStatus];
    if (!status) return;
    // The CallSession settles (capture or release) and reports back through afterCall.
    await callStub(this.env, call.id).ended(status, status);
    const after = await getCall(this.db, call.id);
    if (after && !["completed", "busy", "no_answer", "failed", "canceled"].includes(after.status)) {
      await advanceCallStatus(this.db, call.id, { status, endReason: status });
    }
  }

  async abandon(call: CallFacts, reason: string): Promise<void> {
    await advanceCallStatus(this.db, call.id, { status: "failed", endReason: reason });
    const row = await getCall(this.db, call.id);
    if (row) await settleCall(this.db, row.userId, call.id, row.priceCents, "release", "The call never reached the phone network: nothing charged");
    await callStub(this.env, call.id)
      .ended("failed", reason)
      .catch(() => {});
  }
}
