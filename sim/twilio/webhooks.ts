// Outbound HTTP requests to the product (status callbacks, TwiML fetches, AMD and stream
// callbacks): signed, recorded with the answer they got, never throwing — a webhook that
// fails is a fact for the test to read, not a crash of the simulator.
import { randomUUID } from "node:crypto";
import { twilioSignature, type SignedParams } from "./signature.ts";

export type WebhookKind = "status-callback" | "twiml" | "amd-callback" | "stream-status" | "stream-upgrade";

export interface WebhookRecord {
  id: number;
  kind: WebhookKind;
  callSid?: string;
  at: number;
  method: "GET" | "POST";
  url: string;
  params: SignedParams;
  signature: string;
  status?: number;
  body?: string;
  contentType?: string;
  error?: string;
  durationMs?: number;
}

export interface WebhookRequest {
  kind: WebhookKind;
  callSid?: string;
  url: string;
  method?: string;
  params: Record<string, string>;
}

const MAX_RECORDS = 5000;
const MAX_BODY = 4000;
// Twilio gives a webhook 15 s before it counts it as failed (error 11205).
const TIMEOUT_MS = 15_000;

export class Webhooks {
  records: WebhookRecord[] = [];
  private nextId = 1;
  private readonly authToken: () => string;
  constructor(authToken: () => string) {
    this.authToken = authToken;
  }

  /** Record something that is not a plain HTTP request (the media-stream upgrade). */
  record(r: Omit<WebhookRecord, "id">): WebhookRecord {
    const rec: WebhookRecord = { id: this.nextId++, ...r };
    this.records.push(rec);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    return rec;
  }

  /** Deliver and record; `text` is the whole answer (the record keeps a truncated copy). */
  async deliver(req: WebhookRequest): Promise<{ rec: WebhookRecord; text: string }> {
    const method = req.method?.toUpperCase() === "GET" ? "GET" : "POST";
    // GET webhooks carry the params in the query string and are signed over that full URL.
    let url = req.url;
    if (method === "GET") {
      const qs = new URLSearchParams(req.params).toString();
      if (qs) url += (url.includes("?") ? "&" : "?") + qs;
    }
    const signed: SignedParams = method === "POST" ? req.params : {};
    const signature = twilioSignature(this.authToken(), url, signed);
    const rec = this.record({ kind: req.kind, callSid: req.callSid, at: Date.now(), method, url, params: req.params, signature });
    let full = "";
    try {
      const res = await fetch(url, {
        method,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signature,
          "user-agent": "TwilioProxy/1.1",
          "i-twilio-idempotency-token": randomUUID(),
          accept: "*/*",
        },
        body: method === "POST" ? new URLSearchParams(req.params).toString() : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: "follow",
      });
      const text = await res.text();
      rec.status = res.status;
      rec.body = text.length > MAX_BODY ? text.slice(0, MAX_BODY) : text;
      rec.contentType = res.headers.get("content-type") ?? undefined;
      full = text;
    } catch (e) {
      rec.error = (e as Error).message;
    }
    rec.durationMs = Date.now() - rec.at;
    return { rec, text: full };
  }
}

export function ok(rec: WebhookRecord): boolean {
  return rec.status !== undefined && rec.status >= 200 && rec.status < 300;
}
