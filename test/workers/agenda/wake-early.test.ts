// The alarm rings a few seconds before a call is due, so the agenda's work and placeCall's
// (queries, reservation, the CallSession) are done by then; the dial itself goes to Twilio at
// the due instant — on time even when preparing is slow, and never early.
import { expect, it } from "vitest";
import { WAKE_EARLY_MS } from "../../../durable-objects/user-agenda/index.ts";
import { agenda, alarmAt, DEFAULT_SETTINGS, drive, FakeClock, makeUser, runAlarm, simCalls, spec } from "./harness.ts";

it("wakes early and dials at the due instant", async () => {
  const { userId, numbers } = await makeUser();
  const clock = new FakeClock("2027-08-02T11:00:00Z");
  await drive(userId, clock, undefined, WAKE_EARLY_MS);
  await agenda(userId).create(userId, DEFAULT_SETTINGS, spec({ phoneNumberId: numbers[0].id, localTime: "12:00", timeZone: "UTC", recurrence: { kind: "once", date: "2027-08-02" } }));
  const due = Date.parse("2027-08-02T12:00:00Z");
  expect(await alarmAt(userId)).toBe(due - WAKE_EARLY_MS);
  clock.set(due - WAKE_EARLY_MS);
  const started = Date.now();
  await runAlarm(userId);
  const [call] = await simCalls(numbers[0].e164);
  // The dial waited for the due instant: the lead's worth of (real) time after the alarm rang,
  // not less (never early); the upper bound only says it didn't wait for something else.
  expect(call.createdAt - started).toBeGreaterThanOrEqual(WAKE_EARLY_MS - 50);
  expect(call.createdAt - started).toBeLessThan(WAKE_EARLY_MS + 20_000);
});
