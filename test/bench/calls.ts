// `npm run bench [-- --json]`: scripted phone calls through the real API worker and
// CallSession Durable Objects (workerd via wrangler) against the provider simulators.
// Prints a readable table; with --json, one JSON object on the last line of stdout.
//   overhead      — zero profile: our time between a provider event arriving and the message it causes
//   mouth-to-ear  — published profile, with and without speculation/fast turn-taking
//   first audio, barge-in, stale audio after clear, concurrency (late frames), words lost on drops
import { control } from "../helpers/control.ts";
import { startStack } from "../helpers/stack.ts";
import { benchUser, dial, hangup, interrupt, line, metrics, SENTENCES, turn, type BenchUser, type Line } from "./call-runner.ts";
import { overheadFromRecords } from "./overhead.ts";
import { pct, round, table } from "./stats.ts";

const JSON_OUT = process.argv.includes("--json");
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 50);
const M2E_CALLS = Number(process.env.BENCH_M2E_CALLS ?? 4);
const DROPS = Number(process.env.BENCH_DROPS ?? 20);
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const emails = Array.from({ length: 12 }, (_, i) => `bench${i}@example.com`);
const stack = await startStack({ env: { ADMIN_EMAILS: emails.join(",") } });
const ctl = control(stack.sims.urls.control);
const result: Record<string, number> = {};
try {
  const users: BenchUser[] = [];
  for (const e of emails) users.push(await benchUser(stack, e));
  let u = 0;
  const nextUser = () => users[Math.floor(u++ / 8) % users.length];

  // ——— 1. Overhead, zero profile ———
  await ctl.post("/profile", { name: "zero" });
  log("overhead: zero profile, 3 calls × 4 turns");
  const ov = await Promise.all(
    [0, 1, 2].map(async (i) => {
      const l = await line(stack, nextUser());
      const c = await dial(l);
      for (let t = 0; t < 4; t++) await turn(l, SENTENCES[(i + t) % SENTENCES.length]);
      const over = await overheadFromRecords(stack, c.callSid);
      await hangup(l);
      return over;
    }),
  );
  const inbound = ov.flatMap((o) => o.inbound);
  const reply = ov.flatMap((o) => o.reply);
  const overhead = [...inbound, ...reply];
  result.overhead_p50 = round(pct(overhead, 50));
  result.overhead_p99 = round(pct(overhead, 99));
  result.overhead_inbound_p50 = round(pct(inbound, 50));
  result.overhead_reply_p50 = round(pct(reply, 50));
  result.overhead_samples = overhead.length;

  // ——— 2. Mouth to ear, first audio, barge-in: published profile ———
  await ctl.post("/profile", { name: "published" });
  log(`mouth-to-ear: published profile, ${M2E_CALLS} calls fast + ${M2E_CALLS} naive, 4 turns + 1 barge-in each`);
  const m2e: number[] = [];
  const naive: number[] = [];
  const firstAudio: number[] = [];
  const bargein: number[] = [];
  let stale = 0;
  const runScripted = async (l: Line, isNaive: boolean, i: number) => {
    const c = await dial(l, { naive: isNaive });
    for (let t = 0; t < 4; t++) await turn(l, SENTENCES[(i * 3 + t) % SENTENCES.length]);
    if (!isNaive) await interrupt(l, 800 + ((i * 397) % 1200));
    const m = await metrics(stack, c.callSid);
    await hangup(l);
    return m;
  };
  const lines: Line[] = [];
  for (let i = 0; i < M2E_CALLS * 2; i++) lines.push(await line(stack, nextUser()));
  const runs = await Promise.all(lines.map((l, i) => runScripted(l, i >= M2E_CALLS, i % M2E_CALLS)));
  runs.forEach((m, i) => {
    const isNaive = i >= M2E_CALLS;
    const target = isNaive ? naive : m2e;
    for (const s of m.says) if (typeof s.mouthToEarMs === "number" && !/hold on/i.test(s.text)) target.push(s.mouthToEarMs);
    if (m.heard[0]) firstAudio.push(m.heard[0].firstAt - m.streamStartAt);
    for (const cl of m.clears) {
      const say = [...m.says].reverse().find((s) => s.startAt <= cl.at);
      if (say) bargein.push(cl.at - say.startAt);
    }
    stale += m.staleAfterClearMs;
  });
  result.mouth_to_ear_p50 = round(pct(m2e, 50));
  result.mouth_to_ear_p95 = round(pct(m2e, 95));
  result.naive_mouth_to_ear_p50 = round(pct(naive, 50));
  result.mouth_to_ear_ratio = round(result.mouth_to_ear_p50 / result.naive_mouth_to_ear_p50, 3);
  result.first_audio_p50 = round(pct(firstAudio, 50));
  result.bargein_p50 = round(pct(bargein, 50));
  result.bargein_p99 = round(pct(bargein, 99));
  result.bargein_samples = bargein.length;
  result.stale_audio_ms_after_clear = stale;

  // ——— 3. Concurrency: late frames under load ———
  log(`concurrency: ${CONCURRENT} simultaneous calls, greeting + 2 turns each`);
  const many: Line[] = [];
  for (let i = 0; i < CONCURRENT; i++) many.push(await line(stack, nextUser()));
  const loaded = await Promise.all(
    many.map(async (l, i) => {
      await new Promise((r) => setTimeout(r, (i * 37) % 2000));
      const c = await dial(l);
      await turn(l, SENTENCES[i % SENTENCES.length]);
      await turn(l, SENTENCES[(i + 1) % SENTENCES.length]);
      const m = await metrics(stack, c.callSid);
      await hangup(l);
      return m;
    }),
  );
  const played = loaded.reduce((a, m) => a + m.outboundFramesPlayed, 0);
  const late = loaded.reduce((a, m) => a + m.lateFrames, 0);
  result.concurrent_calls = CONCURRENT;
  result.late_frame_ratio = round(late / Math.max(1, played), 5);
  result.concurrent_frames_played = played;

  // ——— 4. Words lost when the recogniser's socket drops mid-utterance ———
  log(`words lost: ${DROPS} utterances, the Deepgram socket dropped in the middle of each`);
  const l = await line(stack, nextUser());
  const c = await dial(l);
  const saidTexts: string[] = [];
  for (let i = 0; i < DROPS; i++) {
    const text = `${SENTENCES[i % SENTENCES.length].replace(/[.?]$/, "")} and then number ${i + 1} happened.`;
    saidTexts.push(text);
    const saying = l.phone.say(text, { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 700 + ((i * 613) % 1800)));
    await ctl.post("/deepgram/drop-sockets", {});
    const said = await saying;
    await l.phone.waitFor((e) => e.type === "heard" && e.at > said.endAt, 30_000);
    await new Promise((r) => setTimeout(r, 5200)); // keep drops further apart than the give-up window
  }
  await hangup(l);
  const detail = await waitForTurns(users, c.id);
  result.words_lost = wordsLost(saidTexts, detail);
  result.words_said = saidTexts.join(" ").split(/\s+/).length;
} finally {
  await stack.close();
}

function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s']/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
}

function wordsLost(said: string[], heardTurns: string[]): number {
  const bag = new Map<string, number>();
  for (const w of heardTurns.flatMap(words)) bag.set(w, (bag.get(w) ?? 0) + 1);
  let lost = 0;
  for (const w of said.flatMap(words)) {
    const k = bag.get(w) ?? 0;
    if (k > 0) bag.set(w, k - 1);
    else lost++;
  }
  return lost;
}

async function waitForTurns(users: BenchUser[], callId: string): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    for (const u of users) {
      const r = await u.api.get(`/calls/${callId}`);
      if (r.status !== 200) continue;
      const d = (await r.json()) as { call: { status: string }; turns: Array<{ speaker: string; text: string }> };
      if (d.call.status === "completed") return d.turns.filter((t) => t.speaker === "caller").map((t) => t.text);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("the drop call never settled");
}

const targets: Array<[string, string, (v: number) => boolean]> = [
  ["overhead_p50", "≤ 5", (v) => v <= 5],
  ["overhead_p99", "≤ 20", (v) => v <= 20],
  ["mouth_to_ear_p50", "≤ 600", (v) => v <= 600],
  ["mouth_to_ear_ratio", "≤ 0.75 × naive", (v) => v <= 0.75],
  ["first_audio_p50", "≤ 100", (v) => v <= 100],
  ["bargein_p50", "≤ 300", (v) => v <= 300],
  ["bargein_p99", "≤ 400", (v) => v <= 400],
  ["stale_audio_ms_after_clear", "= 0", (v) => v === 0],
  ["late_frame_ratio", "< 0.01", (v) => v < 0.01],
  ["words_lost", "= 0", (v) => v === 0],
];
const rows: Array<[string, string | number, string?]> = Object.entries(result).map(([k, v]) => {
  const t = targets.find((x) => x[0] === k);
  return [k, v, t ? `${t[2](v) ? "ok  " : "MISS"} target ${t[1]}` : undefined];
});
process.stdout.write(`\nCall Me Back — call benchmark (ms unless named)\n${table(rows)}\n`);
if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
