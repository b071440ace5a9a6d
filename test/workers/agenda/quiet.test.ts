// Quiet hours at work in the agenda: the user's own window (their clock), the legal
// 08:00–21:00 window (the callee's clock), move and skip, and settings changed after a call
// was planned. Dials are counted at the Twilio simulator.
import { describe, expect, it } from "vitest";
import { agenda, alarmAt, db, drive, FakeClock, makeUser, run, runAlarm, simCalls, spec } from "./harness.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const BERLIN = { timeZone: "Europe/Berlin", quietStart: "22:00", quietEnd: "08:30" };

describe("quiet hours", () => {
  it("move: a 07:00 call inside the user's quiet hours rings when they end", async () => {
    const { userId, numbers } = await makeUser({ timeZone: "Europe/Berlin", quiet: ["22:00", "08:30"] });
    const clock = new FakeClock("2027-02-01T00:00:00Z");
    await drive(userId, clock);
    const r = await agenda(userId).create(userId, BERLIN, spec({ phoneNumberId: numbers[0].id, localTime: "07:00", timeZone: "Europe/Berlin", recurrence: { kind: "daily", start: "2027-02-01" } }));
    if (!("schedule" in r)) throw new Error("not created");
    // 08:30 CET = 07:30Z
    expect(iso(await alarmAt(userId))).toBe("2027-02-01T07:30:00.000Z");
    expect(r.schedule.next[0]).toMatchObject({ key: "2027-02-01T07:00", status: "pending", detail: expect.stringMatching(/Moved from 07:00/) });
    clock.set(Date.parse("2027-02-01T07:30:00Z"));
    await runAlarm(userId);
    expect(await simCalls(numbers[0].e164)).toHaveLength(1);
    expect((await run(r.schedule.id, "2027-02-01T07:00")).status).toBe("dialing");
  });

  it("skip: the slot is recorded as skipped and nothing rings; the next one is planned", async () => {
    const { userId, numbers } = await makeUser({ timeZone: "Europe/Berlin", quiet: ["22:00", "09:30"] });
    const clock = new FakeClock("2027-02-01T00:00:00Z");
    await drive(userId, clock);
    const settings = { ...BERLIN, quietEnd: "09:30" };
    const r = await agenda(userId).create(userId, settings, spec({ phoneNumberId: numbers[0].id, localTime: "09:00", timeZone: "Europe/Berlin", recurrence: { kind: "daily", start: "2027-02-01" }, quietPolicy: "skip" }));
    if (!("schedule" in r)) throw new Error("not created");
    expect(r.schedule.next.map((n) => n.status)).toEqual(["will_skip", "will_skip", "will_skip", "will_skip", "will_skip"]);
    expect(iso(await alarmAt(userId))).toBe("2027-02-01T08:00:00.000Z");
    clock.set(Date.parse("2027-02-01T08:00:00Z"));
    await runAlarm(userId);
    expect(await simCalls(numbers[0].e164)).toHaveLength(0);
    expect(await run(r.schedule.id, "2027-02-01T09:00")).toMatchObject({ status: "skipped", outcome: "quiet_hours", detail: "Skipped: inside your quiet hours" });
    expect(iso(await alarmAt(userId))).toBe("2027-02-02T08:00:00.000Z");
  });

  it("the legal window is read on the callee's clock: 22:00 in New York to Berlin moves to 08:00 Berlin", async () => {
    const { userId, numbers } = await makeUser({ country: "DE" });
    const clock = new FakeClock("2027-02-01T00:00:00Z");
    await drive(userId, clock);
    const settings = { timeZone: "America/New_York", quietStart: null, quietEnd: null };
    await agenda(userId).create(userId, settings, spec({ phoneNumberId: numbers[0].id, localTime: "22:00", timeZone: "America/New_York", recurrence: { kind: "once", date: "2027-02-01" }, calleeZone: "Europe/Berlin" }));
    // 22:00 EST = 03:00Z = 04:00 Berlin → 08:00 Berlin = 07:00Z
    expect(iso(await alarmAt(userId))).toBe("2027-02-02T07:00:00.000Z");
    // ...while 07:00 in New York is 13:00 in Berlin: allowed, though early in New York.
    const early = await makeUser({ country: "DE" });
    await drive(early.userId, clock);
    await agenda(early.userId).create(early.userId, settings, spec({ phoneNumberId: early.numbers[0].id, localTime: "07:00", timeZone: "America/New_York", recurrence: { kind: "once", date: "2027-02-01" }, calleeZone: "Europe/Berlin" }));
    expect(iso(await alarmAt(early.userId))).toBe("2027-02-01T12:00:00.000Z");
  });

  it("quiet hours added after planning apply when the call comes due", async () => {
    const { userId, numbers } = await makeUser({ timeZone: "Europe/Berlin" });
    const clock = new FakeClock("2027-02-01T00:00:00Z");
    await drive(userId, clock);
    const r = await agenda(userId).create(userId, { timeZone: "Europe/Berlin", quietStart: null, quietEnd: null }, spec({ phoneNumberId: numbers[0].id, localTime: "09:00", timeZone: "Europe/Berlin", recurrence: { kind: "once", date: "2027-02-01" } }));
    if (!("schedule" in r)) throw new Error("not created");
    await db().query("update users set quiet_start = '08:45', quiet_end = '10:00' where id = $1", [userId]);
    clock.set(Date.parse("2027-02-01T08:00:00Z"));
    await runAlarm(userId);
    expect(await simCalls(numbers[0].e164)).toHaveLength(0);
    expect(iso(await alarmAt(userId))).toBe("2027-02-01T09:00:00.000Z");
    clock.set(Date.parse("2027-02-01T09:00:00Z"));
    await runAlarm(userId);
    expect(await simCalls(numbers[0].e164)).toHaveLength(1);
  });
});
