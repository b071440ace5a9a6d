// Twilio REST over fetch (twilio-node needs Node's runtime): calls, Verify. Form-encoded,
// Basic auth, JSON answers; errors mapped to ProviderError with Twilio's code.
import type { Config } from "../config.ts";
import { ProviderError } from "./errors.ts";

export type TwilioConfig = Config["twilio"];

export interface TwilioCall {
  sid: string;
  status: string;
  duration: string | null;
  answered_by: string | null;
}

export interface CreateCallInput {
  to: string;
  url: string;
  statusCallback: string;
  timeLimitSeconds: number;
  ringTimeoutSeconds?: number;
  /** Detect answering machines asynchronously (the call proceeds at once). */
  amdCallback?: string;
}

async function request<T>(cfg: TwilioConfig, base: string, path: string, form: URLSearchParams | undefined, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method: form ? "POST" : "GET",
      headers: {
        Authorization: `Basic ${btoa(`${cfg.accountSid}:${cfg.authToken}`)}`,
        Accept: "application/json",
        ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form?.toString(),
      signal: signal ?? AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw new ProviderError("twilio", `request failed: ${(e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  if (!res.ok) {
    const b = body as { code?: number; message?: string };
    throw new ProviderError("twilio", b.message ?? `HTTP ${res.status}`, { status: res.status, code: b.code });
  }
  return body as T;
}

export function createCall(cfg: TwilioConfig, input: CreateCallInput, signal?: AbortSignal): Promise<TwilioCall> {
  const form = new URLSearchParams({
    To: input.to,
    From: cfg.fromNumber,
    Url: input.url,
    Method: "POST",
    StatusCallback: input.statusCallback,
    StatusCallbackMethod: "POST",
    TimeLimit: String(input.timeLimitSeconds),
    Timeout: String(input.ringTimeoutSeconds ?? 30),
  });
  for (const e of ["initiated", "ringing", "answered", "completed"]) form.append("StatusCallbackEvent", e);
  if (input.amdCallback) {
    form.set("MachineDetection", "DetectMessageEnd");
    form.set("AsyncAmd", "true");
    form.set("AsyncAmdStatusCallback", input.amdCallback);
    form.set("AsyncAmdStatusCallbackMethod", "POST");
  }
  return request<TwilioCall>(cfg, cfg.apiBaseUrl, `/2010-04-01/Accounts/${cfg.accountSid}/Calls.json`, form, signal);
}

/** Hang up a live call (or cancel a ringing one). An already-ended call is not an error. */
export async function endCall(cfg: TwilioConfig, callSid: string, signal?: AbortSignal): Promise<void> {
  try {
    await request(cfg, cfg.apiBaseUrl, `/2010-04-01/Accounts/${cfg.accountSid}/Calls/${callSid}.json`, new URLSearchParams({ Status: "completed" }), signal);
  } catch (e) {
    if (e instanceof ProviderError && (e.status === 404 || e.code === 20404 || e.code === 21220)) return;
    throw e;
  }
}

export function fetchCall(cfg: TwilioConfig, callSid: string, signal?: AbortSignal): Promise<TwilioCall> {
  return request<TwilioCall>(cfg, cfg.apiBaseUrl, `/2010-04-01/Accounts/${cfg.accountSid}/Calls/${callSid}.json`, undefined, signal);
}

export interface Verification {
  sid: string;
  status: "pending" | "approved" | "canceled" | "max_attempts_reached" | "deleted" | "failed" | "expired";
  valid: boolean;
}

export function startVerification(cfg: TwilioConfig, to: string, signal?: AbortSignal): Promise<Verification> {
  return request<Verification>(cfg, cfg.verifyBaseUrl, `/v2/Services/${cfg.verifyServiceSid}/Verifications`, new URLSearchParams({ To: to, Channel: "sms" }), signal);
}

export function checkVerification(cfg: TwilioConfig, to: string, code: string, signal?: AbortSignal): Promise<Verification> {
  return request<Verification>(cfg, cfg.verifyBaseUrl, `/v2/Services/${cfg.verifyServiceSid}/VerificationCheck`, new URLSearchParams({ To: to, Code: code }), signal);
}

export interface TwilioCallListItem extends TwilioCall {
  to: string;
  from: string;
  /** RFC 2822 */
  date_created: string;
}

/** Recent calls from our number to `to`, newest first (reconciling a dial whose answer was lost). */
export async function listCallsTo(cfg: TwilioConfig, to: string, signal?: AbortSignal): Promise<TwilioCallListItem[]> {
  const q = new URLSearchParams({ To: to, From: cfg.fromNumber, PageSize: "50" });
  const body = await request<{ calls?: TwilioCallListItem[] }>(cfg, cfg.apiBaseUrl, `/2010-04-01/Accounts/${cfg.accountSid}/Calls.json?${q}`, undefined, signal);
  return body.calls ?? [];
}
