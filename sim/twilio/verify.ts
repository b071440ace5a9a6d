// Verify v2 on the Twilio simulator's port (the real one lives on verify.twilio.com):
// start a verification (the code is texted to the handset), check it, cancel it. Limits as
// Twilio applies them: 5 sends and 5 checks per verification, 10-minute lifetime; an
// approved, canceled or expired verification is gone (404 20404).
import { TwilioError, notFound } from "./errors.ts";
import { isE164, iso, sid } from "./format.ts";
import type { Outbox } from "./sms.ts";

export type VerificationStatus = "pending" | "approved" | "canceled" | "expired";

export interface Verification {
  sid: string;
  serviceSid: string;
  to: string;
  channel: string;
  code: string;
  status: VerificationStatus;
  createdAt: number;
  updatedAt: number;
  sends: Array<{ attempt_sid: string; channel: string; time: string }>;
  checks: number;
}

const CHANNELS = ["sms", "call", "email", "whatsapp", "sna"];
export const MAX_SENDS = 5;
export const MAX_CHECKS = 5;
export const LIFETIME_MS = 10 * 60_000;

export class Verify {
  readonly bySid = new Map<string, Verification>();
  private readonly accountSid: string;
  private readonly serviceSid: string;
  private readonly from: string;
  private readonly outbox: Outbox;
  constructor(opts: { accountSid: string; serviceSid: string; from: string; outbox: Outbox }) {
    this.accountSid = opts.accountSid;
    this.serviceSid = opts.serviceSid;
    this.from = opts.from;
    this.outbox = opts.outbox;
  }

  /** The live verification, after applying the 10-minute expiry. */
  private live(v: Verification | undefined): Verification | undefined {
    if (v && v.status === "pending" && Date.now() - v.createdAt > LIFETIME_MS) v.status = "expired";
    return v?.status === "pending" ? v : undefined;
  }

  private service(serviceSid: string, path: string): void {
    if (serviceSid !== this.serviceSid) throw notFound(path);
  }

  start(serviceSid: string, form: URLSearchParams, path: string) {
    this.service(serviceSid, path);
    const to = form.get("To");
    const channel = form.get("Channel");
    if (!to) throw new TwilioError(400, 20001, "Missing required parameter To in the post body");
    if (!channel) throw new TwilioError(400, 20001, "Missing required parameter Channel in the post body");
    if (!CHANNELS.includes(channel)) throw new TwilioError(400, 60200, "Invalid parameter `Channel`");
    if (channel === "email" ? !/^[^@\s]+@[^@\s]+$/.test(to) : !isE164(to)) throw new TwilioError(400, 60200, `Invalid parameter \`To\`: ${to}`);
    let v = [...this.bySid.values()].find((x) => x.serviceSid === serviceSid && x.to === to && this.live(x));
    if (v && v.sends.length >= MAX_SENDS) throw new TwilioError(429, 60203, "Max send attempts reached");
    const now = Date.now();
    if (!v) {
      const custom = form.get("CustomCode");
      v = { sid: sid("VE"), serviceSid, to, channel, code: custom ?? randomCode(), status: "pending", createdAt: now, updatedAt: now, sends: [], checks: 0 };
      this.bySid.set(v.sid, v);
    }
    v.channel = channel;
    v.updatedAt = now;
    v.sends.push({ attempt_sid: sid("VL"), channel, time: iso(now) });
    // A resend carries the same code, as Twilio's does while the verification is pending.
    if (channel === "sms" || channel === "whatsapp") this.outbox.send(this.from, to, `Your verification code is: ${v.code}`, "verify");
    return this.resource(v);
  }

  check(serviceSid: string, form: URLSearchParams, path: string) {
    this.service(serviceSid, path);
    const code = form.get("Code");
    const to = form.get("To");
    const vsid = form.get("VerificationSid");
    if (!code) throw new TwilioError(400, 20001, "Missing required parameter Code in the post body");
    if (!to && !vsid) throw new TwilioError(400, 60200, "Either a 'To' or 'VerificationSid' parameter is required");
    const v = vsid ? this.live(this.bySid.get(vsid)) : [...this.bySid.values()].find((x) => x.serviceSid === serviceSid && x.to === to && this.live(x));
    if (!v) throw notFound(path);
    if (v.checks >= MAX_CHECKS) throw new TwilioError(429, 60202, "Max check attempts reached");
    v.checks++;
    v.updatedAt = Date.now();
    if (code === v.code) v.status = "approved";
    const { sid: vs, service_sid, account_sid, to: t, channel, status, valid, amount, payee, date_created, date_updated } = this.resource(v);
    return { sid: vs, service_sid, account_sid, to: t, channel, status, valid, amount, payee, date_created, date_updated, sna_attempts_error_codes: [] };
  }

  fetch(serviceSid: string, vsid: string, path: string) {
    this.service(serviceSid, path);
    const v = this.live(this.bySid.get(vsid));
    if (!v) throw notFound(path);
    return this.resource(v);
  }

  update(serviceSid: string, vsid: string, form: URLSearchParams, path: string) {
    this.service(serviceSid, path);
    const status = form.get("Status");
    if (status !== "canceled" && status !== "approved") throw new TwilioError(400, 60200, "Invalid parameter `Status`");
    const v = this.live(this.bySid.get(vsid));
    if (!v) throw notFound(path);
    v.status = status;
    v.updatedAt = Date.now();
    return this.resource(v);
  }

  /** Control: age a verification past its lifetime (tests cannot wait 10 minutes). */
  expire(vsid: string): boolean {
    const v = this.bySid.get(vsid);
    if (!v) return false;
    v.createdAt = Date.now() - LIFETIME_MS - 1;
    return true;
  }

  resource(v: Verification) {
    return {
      sid: v.sid, service_sid: v.serviceSid, account_sid: this.accountSid, to: v.to, channel: v.channel, status: v.status,
      valid: v.status === "approved", lookup: { carrier: null }, amount: null, payee: null, send_code_attempts: v.sends,
      date_created: iso(v.createdAt), date_updated: iso(v.updatedAt), sna: null,
      url: `https://verify.twilio.com/v2/Services/${v.serviceSid}/Verifications/${v.sid}`,
    };
  }

  state() {
    return [...this.bySid.values()].map((v) => ({ ...v, status: this.live(v) ? "pending" : v.status }));
  }

  reset(): void {
    this.bySid.clear();
  }
}

function randomCode(): string {
  return String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0");
}
