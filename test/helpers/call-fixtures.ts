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

export interface LiveCall {
  id: string;
  callSid: string;
}

/** Place a call to the caller's phone, answer it, and wait for the greeting to finish. */
export async function answeredCall(stack: Stack, c: Caller, opts: { personaId?: string; lengthSeconds?: number } = {}): Promise<LiveCall> {
  const res = await c.api.post("/calls", { personaId: opts.personaId ?? "sarah_001", phoneNumberId: c.numberId, lengthSeconds: opts.lengthSeconds ?? 300 });
  if (res.status !== 201) throw new Error(`placing the call failed: ${res.status} ${await res.text()}`);
  const call = (await res.json()) as { id: string };
  const incoming = await c.phone.waitFor("incoming", 15_000);
  c.phone.answer(incoming.callSid);
  await c.phone.waitFor("heard", 20_000);
  await untilQuiet(c.phone);
  return { id: call.id, callSid: incoming.callSid };
}

export interface CallDetail {
  call: { status: string; endReason: string | null; durationSeconds: number | null };
  turns: Array<{ seq: number; speaker: string; text: string; heardText: string | null; interrupted: boolean }>;
  usage: Array<{ provider: string; unit: string; quantity: number }>;
}

/** The call's record once it is settled (status final and turns written). */
export async function settledCall(c: Caller, id: string, timeoutMs = 30_000): Promise<CallDetail> {
  return waitUntil(
    async () => {
      const d = seen(await c.api.json<CallDetail>(`/calls/${id}`));
      return ["completed", "busy", "no_answer", "failed", "canceled"].includes(d.call.status) && d.call.endReason ? d : undefined;
    },
    timeoutMs,
    "the call to settle",
  );
}

/** Every provider socket the product opened is closed (the Twilio handsets don't count). */
export async function noOpenProviderSockets(controlUrl: string): Promise<void> {
  await waitUntil(
    async () => {
      const r = await fetch(`${controlUrl}/sockets`);
      const s = seen((await r.json()) as Record<string, Array<{ path: string }>>);
      return Object.entries(s).every(([name, list]) => list.filter((x) => !(name === "twilio" && x.path.startsWith("/handset"))).length === 0);
    },
    15_000,
    "provider sockets to close",
  );
}

/** The last chat request the Cerebras simulator received. */
export async function lastLlmRequest(controlUrl: string): Promise<{ messages: Array<{ role: string; content: string }> }> {
  const r = await fetch(`${controlUrl}/cerebras/requests`);
  const list = (await r.json()) as Array<{ path: string; body: string }>;
  // Live replies stream; the post-call summary is a one-shot request and doesn't count here.
  const chats = list.filter((x) => x.path.startsWith("/v1/chat/completions") && /"stream":\s*true/.test(x.body));
  return JSON.parse(chats[chats.length - 1].body) as { messages: Array<{ role: string; content: string }> };
}

/** Say something and wait for the first reply heard after it. */
export async function sayAndHear(phone: Caller["phone"], text: string, timeoutMs = 20_000): Promise<{ text: string; at: number }> {
  const said = await phone.say(text);
  const heard = await phone.waitFor((e) => e.type === "heard" && e.at > said.endAt, timeoutMs);
  return heard as { text: string; at: number };
}
