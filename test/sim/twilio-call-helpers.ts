// Shared steps of the Twilio simulator call tests: place a call to a fresh handset, answer
// it, and read the simulator's control API.
import { simCredentials } from "../../sim/config.ts";
import { HandsetClient } from "../../sim/handset/client.ts";
import type { Simulators } from "../../sim/index.ts";
import type { FakeProduct, FakeStream } from "./twilio-fake-product.ts";

export const creds = simCredentials().twilio;
let n = 0;
export const nextNumber = (prefix = "+1555400") => `${prefix}${String(++n).padStart(4, "0")}`;

export async function ctl<T = unknown>(sims: Simulators, route: string, body?: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${sims.urls.control}/twilio/${route}`, body ? { method: "POST", body: JSON.stringify(body) } : {});
  const json = (await res.json()) as T;
  if (res.status !== 200) throw new Error(`control ${route}: ${JSON.stringify(json)}`);
  return json;
}

/** POST Calls.json with form fields (raw, so any parameter can be sent). */
export async function createCall(sims: Simulators, form: Record<string, string | string[]>): Promise<{ sid: string; status: string }> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries({ From: creds.fromNumber, ...form })) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await fetch(`${sims.urls.twilio}/2010-04-01/Accounts/${creds.accountSid}/Calls.json`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const json = (await res.json()) as { sid: string; status: string };
  if (res.status !== 201) throw new Error(`create call: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function updateCall(sims: Simulators, sid: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sims.urls.twilio}/2010-04-01/Accounts/${creds.accountSid}/Calls/${sid}.json`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export interface CallSummary {
  sid: string;
  status: string;
  endReason: string | null;
  answeredBy: string | null;
  streams: Array<{ streamSid: string; extra: boolean; closedBy?: string; closedAt?: number; startAt?: number; rejected: unknown[]; marksEchoed: string[]; dtmfSent: string[] }>;
  metrics: {
    streamStartAt?: number;
    says: Array<{ id: number; text: string; startAt?: number; endAt?: number; sentStartAt?: number; sentEndAt?: number; firstReplyHeardAt?: number; mouthToEarMs?: number; replyId?: number }>;
    clears: Array<{ at: number; interruptedId?: number; marksEchoed: string[]; droppedBytes: number }>;
    heard: Array<{ id: number; firstAt: number; lastAt: number; frames: number; text?: string }>;
    outboundFramesPlayed: number;
    lateFrames: number;
    staleAfterClearMs: number;
    inboundFramesSent: number;
    inboundSpeechFramesSent: number;
  };
  events: Array<{ what: string; detail?: string }>;
}

export const callState = (sims: Simulators, sid: string) => ctl<CallSummary>(sims, `calls?sid=${sid}`);

/** A handset that answers a call whose TwiML (from the fake product) connects a stream. */
export async function answeredStreamCall(sims: Simulators, product: FakeProduct, form: Record<string, string | string[]> = {}, params: Record<string, string> = {}, after = "") {
  const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
  product.twiml = () => product.streamTwiml(params, after);
  const call = await createCall(sims, { To: phone.number, Url: `${product.url}/twiml`, ...form });
  await phone.waitFor("incoming");
  phone.answer();
  const stream: FakeStream = await product.waitStream(call.sid);
  return { phone, sid: call.sid, stream };
}

export async function waitUntil<T>(find: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = "a condition"): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await find();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
