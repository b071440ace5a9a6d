// Outcomes and retries: no answer, busy and voicemail are retried per the schedule's policy
// (default 2 retries, 10 minutes apart), every attempt is recorded on the occurrence, and an
// unanswered attempt costs nothing. Occurrences the balance or the monthly budget can't cover
// are skipped with a reason the app shows.
import { describe, expect, it } from "vitest";
import { agenda, alarmAt, callsOfRun, DEFAULT_SETTINGS, db, drive, FakeClock, makeUser, run, runAlarm, simCalls, spec } from "./harness.ts";
import { endAnswered, endUnanswered, until } from "./outcomes.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const KEY = "2027-02-01T12:00";

async function setup(opts: Parameters<typeof makeUser>[0] = {}, over: Partial<Parameters<typeof spec>[0]> = {}) {
  const u = await makeUser(opts);
  const clock = new FakeClock("2027-02-01T11:00:00Z");
  await drive(u.userId, clock);
  const r = await agenda(u.userId).create(u.userId, DEFAULT_SETTINGS, spec({ phoneNumberId: u.numbers[0].id, localTime: "12:00", timeZone: "UTC", recurrence: { kind: "once", date: "2027-02-01" }, ...over }));
  if (!("schedule" in r)) throw new Error("not created");
  return { ...u, clock, scheduleId: r.schedule.id };
}

async function dialing(userId: string) {
  const { schedules } = await agenda(userId).list(userId, DEFAULT_SETTINGS);
  const o = schedules.flatMap((s) => s.open).find((x) => x.status === "dialing");
  if (!o?.callId) throw new Error("nothing dialing");
  return { callId: o.callId, runId: o.runId };
}

const statusOf = (scheduleId: string, want: string) => until(async () => ((await run(scheduleId, KEY))?.status === want ? run(scheduleId, KEY) : undefined), `run ${want}`);

describe("retries and outcomes", () => {
  it("no answer, then busy, then answered: three attempts, 10 minutes apart, only the answered one paid", async () => {
    const t = await setup();
    const balance = async () => (await db().query<{ b: number }>("select balance_cents as b from credit_balances where user_id = $1", [t.userId])).rows[0].b;
    const before = await balance();
    t.clock.set(Date.parse("2027-02-01T12:00:00Z"));
    await runAlarm(t.userId);
    const first = await dialing(t.userId);
    await endUnanswered(first.callId, "no_answer");
    await statusOf(t.scheduleId, "retry_wait");
    expect(iso(await alarmAt(t.userId))).toBe("2027-02-01T12:10:00.000Z");

    t.clock.set(Date.parse("2027-02-01T12:10:00Z"));
    await runAlarm(t.userId);
    const second = await dialing(t.userId);
    await endUnanswered(second.callId, "busy");
    await statusOf(t.scheduleId, "retry_wait");
    expect(iso(await alarmAt(t.userId))).toBe("2027-02-01T12:20:00.000Z");

    t.clock.set(Date.parse("2027-02-01T12:20:00Z"));
    await runAlarm(t.userId);
    const third = await dialing(t.userId);
    await endAnswered(t.userId, third.callId, third.runId);
    const r = await statusOf(t.scheduleId, "answered");
    expect(r).toMatchObject({ attempts: 3, outcome: "answered" });
    expect(r!.attemptLog.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, "no_answer"],
      [2, "busy"],
      [3, "answered"],
    ]);
    const calls = await callsOfRun(r!.id);
    expect(calls.map((c) => [c.attempt, c.idempotencyKey])).toEqual([1, 2, 3].map((n) => [n, `agenda:${t.scheduleId}:${KEY}:${n}`]));
    expect(await simCalls(t.numbers[0].e164)).toHaveLength(3);
    // Two reservations released, the answered one still held (captured when the call settles).
    const price = (await db().query<{ p: number }>("select price_cents as p from calls where id = $1", [third.callId])).rows[0].p;
    expect(await balance()).toBe(before - price);
    expect(await alarmAt(t.userId)).toBeNull();
  });

  it("voicemail every time: missed after the retries, each attempt recorded", async () => {
    const t = await setup();
    for (const [i, at] of ["12:00", "12:10", "12:20"].entries()) {
      t.clock.set(Date.parse(`2027-02-01T${at}:00Z`));
      await runAlarm(t.userId);
      const d = await dialing(t.userId);
      await endAnswered(t.userId, d.callId, d.runId, "voicemail");
      if (i < 2) await statusOf(t.scheduleId, "retry_wait");
    }
    const r = await statusOf(t.scheduleId, "missed");
    expect(r!.attemptLog.map((a) => a.outcome)).toEqual(["voicemail", "voicemail", "voicemail"]);
    expect(r!.detail).toBe("Voicemail after 3 attempts");
    expect(await alarmAt(t.userId)).toBeNull();
  });

  it("a retry that would fall outside the legal window is not made", async () => {
    const t = await setup({}, { localTime: "20:55" });
    t.clock.set(Date.parse("2027-02-01T20:55:00Z"));
    await runAlarm(t.userId);
    await endUnanswered((await dialing(t.userId)).callId, "no_answer");
    const r = await until(async () => ((await run(t.scheduleId, "2027-02-01T20:55"))?.status === "missed" ? run(t.scheduleId, "2027-02-01T20:55") : undefined), "missed");
    expect(r!.detail).toMatch(/no retry: outside 08:00–21:00/);
  });

  it("a line busy with another call counts as busy and is retried", async () => {
    const t = await setup();
    await db().query(
      "insert into calls (user_id, persona_id, persona_name, channel, phone_number_id, to_e164, status, purchased_seconds, price_cents) values ($1, 'sarah_001', 'Sarah', 'phone', $2, $3, 'in_progress', 300, 0)",
      [t.userId, t.numbers[0].id, t.numbers[0].e164],
    );
    t.clock.set(Date.parse("2027-02-01T12:00:00Z"));
    await runAlarm(t.userId);
    expect(await simCalls(t.numbers[0].e164)).toHaveLength(0);
    expect(await run(t.scheduleId, KEY)).toMatchObject({ status: "retry_wait", attemptLog: [expect.objectContaining({ outcome: "busy" })] });
  });
});

describe("occurrences the money can't cover", () => {
  it("are skipped when the balance is too low, and the next one is still planned", async () => {
    const t = await setup({ credits: 0 }, { recurrence: { kind: "daily", start: "2027-02-01" } });
    t.clock.set(Date.parse("2027-02-01T12:00:00Z"));
    await runAlarm(t.userId);
    expect(await simCalls(t.numbers[0].e164)).toHaveLength(0);
    expect(await run(t.scheduleId, KEY)).toMatchObject({ status: "skipped", outcome: "insufficient_credits", detail: expect.stringMatching(/^Skipped: This call costs .* Buy credits/) });
    expect(iso(await alarmAt(t.userId))).toBe("2027-02-02T12:00:00.000Z");
    const { recent } = await agenda(t.userId).list(t.userId, DEFAULT_SETTINGS);
    expect(recent[0]).toMatchObject({ key: KEY, status: "skipped" });
  });

  it("are skipped when the monthly budget would be exceeded", async () => {
    const t = await setup({ budgetCents: 1 });
    t.clock.set(Date.parse("2027-02-01T12:00:00Z"));
    await runAlarm(t.userId);
    expect(await simCalls(t.numbers[0].e164)).toHaveLength(0);
    expect(await run(t.scheduleId, KEY)).toMatchObject({ status: "skipped", outcome: "budget_exceeded", detail: expect.stringMatching(/monthly budget/) });
  });
});
