// Scripted callers for the benchmark: users with verified numbers and handsets, calls placed
// through the real API, and what the Twilio simulator measured about each call.
import { HandsetClient } from "../../sim/handset/client.ts";
import { signedInClient, type Api } from "../helpers/api-client.ts";
import { untilQuiet } from "../helpers/call-fixtures.ts";
import { control } from "../helpers/control.ts";
import type { Stack } from "../helpers/stack.ts";

export interface BenchUser {
  api: Api;
  userId: string;
}

export interface Line {
  phone: HandsetClient;
  numberId: string;
  user: BenchUser;
}

/** How long the handset rings before it answers (real phones ring seconds; 1 s is quick). */
export const RING_MS = Number(process.env.BENCH_RING_MS ?? 1000);

let n = 0;
const nextNumber = () => `+1415666${String(1000 + n++).slice(-4)}`;

export async function benchUser(stack: Stack, email: string): Promise<BenchUser> {
  const api = await signedInClient(stack.appUrl, email);
  const me = await api.json<{ id: string }>("/me");
  await stack.pool.query("insert into credit_entries (user_id, kind, amount, ref) values ($1, 'adjust', 1000000, $2)", [me.id, `bench:${me.id}`]);
  return { api, userId: me.id };
}

export async function line(stack: Stack, user: BenchUser): Promise<Line> {
  const e164 = nextNumber();
  const r = await stack.pool.query<{ id: string }>("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, $2, 'US', now()) returning id", [user.userId, e164]);
  return { phone: await HandsetClient.connect(stack.sims.urls.twilio, e164), numberId: r.rows[0].id, user };
}

export interface CallHandle {
  id: string;
  callSid: string;
}

export async function dial(l: Line, opts: { naive?: boolean; personaId?: string } = {}): Promise<CallHandle> {
  const body = { personaId: opts.personaId ?? "sarah_001", phoneNumberId: l.numberId, lengthSeconds: 600, ...(opts.naive ? { experiment: "naive" } : {}) };
  const res = await l.user.api.post("/calls", body);
  if (res.status !== 201) throw new Error(`dial failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const incoming = await l.phone.waitFor((e) => e.type === "incoming", 20_000);
  const callSid = (incoming as { callSid: string }).callSid;
  // A person picks up after a ring or so; the persona warms up meanwhile.
  await new Promise((r) => setTimeout(r, RING_MS));
  l.phone.answer(callSid);
  await l.phone.waitFor("heard", 30_000);
  await untilQuiet(l.phone, 700, 60_000);
  return { id, callSid };
}

export async function turn(l: Line, text: string): Promise<void> {
  const said = await l.phone.say(text, { timeoutMs: 60_000 });
  await l.phone.waitFor((e) => e.type === "heard" && e.at > said.endAt, 30_000);
  await untilQuiet(l.phone, 700, 60_000);
}

/** Ask for something long, then talk over it after `afterMs`. */
export async function interrupt(l: Line, afterMs: number): Promise<void> {
  const said = await l.phone.say("Tell me a long story about a lighthouse.", { timeoutMs: 60_000 });
  await l.phone.waitFor((e) => e.type === "heard" && e.at > said.endAt, 30_000);
  await new Promise((r) => setTimeout(r, afterMs));
  await turn(l, "Wait, hold on, I have a question.");
}

export async function hangup(l: Line): Promise<void> {
  l.phone.hangup();
  await l.phone.waitFor("ended", 20_000).catch(() => {});
}

export interface TwilioMetrics {
  streamStartAt: number;
  says: Array<{ startAt: number; endAt: number; mouthToEarMs?: number; text: string }>;
  heard: Array<{ id: number; firstAt: number; lastAt: number; frames: number; text?: string }>;
  clears: Array<{ at: number }>;
  outboundFramesPlayed: number;
  lateFrames: number;
  staleAfterClearMs: number;
}

export async function metrics(stack: Stack, callSid: string): Promise<TwilioMetrics> {
  const r = await control(stack.sims.urls.control).get<{ metrics: TwilioMetrics }>(`/twilio/calls?sid=${callSid}`);
  return r.metrics;
}

export const SENTENCES = [
  "I had a really busy day at work today.",
  "My sister is coming to visit next weekend.",
  "I have been trying to go running every morning.",
  "What do you think I should cook for dinner tonight?",
  "I finally finished reading that long novel.",
  "The weather here has been cold and rainy all week.",
  "I want to learn how to play the guitar this year.",
  "My team at work just shipped a big project.",
];
