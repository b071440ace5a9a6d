// Shortcuts for call tests: a signed-in user with a verified number and a handset on it.
import { HandsetClient } from "../../sim/handset/client.ts";
import { signedInClient, type Api } from "./api-client.ts";
import type { Stack } from "./stack.ts";

let nextNumber = 0;

/** A fresh US test number (555-01xx range). */
export function testNumber(): string {
  nextNumber++;
  return `+1415555${String(1000 + (process.pid % 4000) + nextNumber * 7).slice(-4)}`;
}

export interface Caller {
  api: Api;
  userId: string;
  phone: HandsetClient;
  numberId: string;
  e164: string;
}

/** Sign in, attach a verified number directly in the database, connect its handset. */
export async function callerWithPhone(stack: Stack, email: string): Promise<Caller> {
  const api = await signedInClient(stack.appUrl, email);
  const me = await api.json<{ id: string }>("/me");
  const e164 = testNumber();
  const r = await stack.pool.query<{ id: string }>("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, $2, 'US', now()) returning id", [me.id, e164]);
  const phone = await HandsetClient.connect(stack.sims.urls.twilio, e164);
  return { api, userId: me.id, phone, numberId: r.rows[0].id, e164 };
}

export async function grantCredits(stack: Stack, userId: string, cents: number): Promise<void> {
  await stack.pool.query("insert into credit_entries (user_id, kind, amount, ref) values ($1, 'adjust', $2, $3)", [userId, cents, `test-grant:${crypto.randomUUID()}`]);
}

let lastSeen: unknown;
/** Let a waitUntil probe say what it saw, for the timeout message. */
export function seen<T>(v: T): T {
  lastSeen = v;
  return v;
}

export async function waitUntil<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastSeen === undefined ? "" : ` (last seen: ${JSON.stringify(lastSeen).slice(0, 1500)})`}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolve once the phone has heard no audio for `quietMs` (the persona finished talking). */
export async function untilQuiet(phone: { audioFrames: number }, quietMs = 600, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = phone.audioFrames;
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (phone.audioFrames !== last) {
      last = phone.audioFrames;
      since = Date.now();
    } else if (Date.now() - since >= quietMs && last > 0) return;
  }
  throw new Error("the persona never stopped talking");
}
