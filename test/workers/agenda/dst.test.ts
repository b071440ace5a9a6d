// Daily calls stay at their local wall-clock time across DST changes, both ways, in three
// zones; a time in the spring-forward gap rings when the clocks jump; one in the fall-back
// overlap rings once. Each dial is counted at the Twilio simulator, at the alarm's time.
// Night-time calls need a callee whose own clock is within the legal 08:00–21:00 window:
// someone abroad (Tokyo, Los Angeles), as the number's country would make it.
import { describe, expect, it } from "vitest";
import { agenda, alarmAt, DEFAULT_SETTINGS, drive, FakeClock, makeUser, runAlarm, simCalls, spec } from "./harness.ts";
import { endAnswered } from "./outcomes.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Answer the occurrence the alarm just dialed, so the next day's call may ring. */
async function answerLatest(userId: string) {
  const { schedules } = await agenda(userId).list(userId, DEFAULT_SETTINGS);
  const dialing = schedules.flatMap((s) => s.open).find((o) => o.status === "dialing");
  expect(dialing?.callId).toBeTruthy();
  await endAnswered(userId, dialing!.callId!, dialing!.runId);
}

describe.each([
  ["America/New_York", "2027-03-13", ["2027-03-14T00:30:00.000Z", "2027-03-14T23:30:00.000Z", "2027-03-15T23:30:00.000Z"]],
  ["America/New_York", "2027-11-06", ["2027-11-06T23:30:00.000Z", "2027-11-08T00:30:00.000Z", "2027-11-09T00:30:00.000Z"]],
  ["Europe/Berlin", "2027-03-27", ["2027-03-27T18:30:00.000Z", "2027-03-28T17:30:00.000Z", "2027-03-29T17:30:00.000Z"]],
  ["Europe/Berlin", "2027-10-30", ["2027-10-30T17:30:00.000Z", "2027-10-31T18:30:00.000Z", "2027-11-01T18:30:00.000Z"]],
  ["Australia/Sydney", "2027-04-03", ["2027-04-03T08:30:00.000Z", "2027-04-04T09:30:00.000Z", "2027-04-05T09:30:00.000Z"]],
  ["Australia/Sydney", "2027-10-02", ["2027-10-02T09:30:00.000Z", "2027-10-03T08:30:00.000Z", "2027-10-04T08:30:00.000Z"]],
])("every day at 19:30 %s from %s", (zone, start, expected) => {
  it("alarms and dials at 19:30 local on each side of the change", async () => {
    const { userId, numbers } = await makeUser();
    const clock = new FakeClock(`${start}T00:00:00Z`);
    clock.advance(-86_400_000);
    await drive(userId, clock);
    const created = await agenda(userId).create(userId, DEFAULT_SETTINGS, spec({ phoneNumberId: numbers[0].id, localTime: "19:30", timeZone: zone, recurrence: { kind: "daily", start } }));
    expect("schedule" in created && created.schedule.next.map((n) => n.at)).toEqual(expected.concat(expect.any(String), expect.any(String)));
    for (const [i, want] of expected.entries()) {
      expect(iso(await alarmAt(userId))).toBe(want);
      clock.set(Date.parse(want));
      await runAlarm(userId);
      expect(await simCalls(numbers[0].e164)).toHaveLength(i + 1);
      await answerLatest(userId);
    }
  });
});

describe("wall-clock times that don't exist, or exist twice", () => {
  it.each([
    ["America/New_York", "2027-03-14", "2027-03-14T07:00:00.000Z", "Asia/Tokyo"],
    ["Europe/Berlin", "2027-03-28", "2027-03-28T01:00:00.000Z", "Asia/Tokyo"],
    ["Australia/Sydney", "2027-10-03", "2027-10-02T16:00:00.000Z", "America/Los_Angeles"],
  ])("02:30 in %s's gap on %s rings when the clocks jump", async (zone, date, want, callee) => {
    const { userId, numbers } = await makeUser();
    const clock = new FakeClock(`${date}T00:00:00Z`);
    clock.advance(-2 * 86_400_000);
    await drive(userId, clock);
    // The legal window would move a 02:30 call: these test DST, not quiet hours.
    await agenda(userId).create(userId, DEFAULT_SETTINGS, spec({ phoneNumberId: numbers[0].id, localTime: "02:30", timeZone: zone, recurrence: { kind: "once", date }, quietPolicy: "skip", calleeZone: callee }));
    expect(iso(await alarmAt(userId))).toBe(want);
    clock.set(Date.parse(want));
    await runAlarm(userId);
    expect(await simCalls(numbers[0].e164)).toHaveLength(1);
  });

  it.each([
    ["America/New_York", "01:30", "2027-11-07", "2027-11-07T05:30:00.000Z", "2027-11-08T06:30:00.000Z", "Asia/Tokyo"],
    ["Europe/Berlin", "02:30", "2027-10-31", "2027-10-31T00:30:00.000Z", "2027-11-01T01:30:00.000Z", "Asia/Tokyo"],
    ["Australia/Sydney", "02:30", "2027-04-04", "2027-04-03T15:30:00.000Z", "2027-04-04T16:30:00.000Z", "America/Los_Angeles"],
  ])("%s %s daily rings once on the fall-back day %s", async (zone, time, date, first, nextDay, callee) => {
    const { userId, numbers } = await makeUser();
    const clock = new FakeClock(`${date}T00:00:00Z`);
    clock.advance(-86_400_000 / 2);
    await drive(userId, clock);
    await agenda(userId).create(userId, DEFAULT_SETTINGS, spec({ phoneNumberId: numbers[0].id, localTime: time, timeZone: zone, recurrence: { kind: "daily", start: date }, quietPolicy: "skip", calleeZone: callee }));
    expect(iso(await alarmAt(userId))).toBe(first);
    clock.set(Date.parse(first));
    await runAlarm(userId);
    await answerLatest(userId);
    // The second 01:30 (an hour later) is not another occurrence: the next one is tomorrow.
    expect(iso(await alarmAt(userId))).toBe(nextDay);
    clock.set(Date.parse(first) + 3600_000);
    expect((await runAlarm(userId)).ran).toBe(true);
    expect(await simCalls(numbers[0].e164)).toHaveLength(1);
  });
});
