// The cron backstop: an agenda whose alarm was lost (retries exhausted, a deploy) is found
// through Neon's mirrored next_due_at and re-armed from its stored state; the call then rings.
import { createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { UserAgenda } from "../../../durable-objects/user-agenda/index.ts";
import worker from "../../../worker/index.ts";
import { agenda, alarmAt, DEFAULT_SETTINGS, db, drive, FakeClock, makeUser, runAlarm, simCalls, spec } from "./harness.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function cron(atIso: string) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: Date.parse(atIso), cron: "* * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

it("re-arms an agenda whose alarm went missing, and the call rings", async () => {
  const { userId, numbers } = await makeUser();
  const clock = new FakeClock("2027-05-01T11:00:00Z");
  await drive(userId, clock);
  const r = await agenda(userId).create(userId, DEFAULT_SETTINGS, spec({ phoneNumberId: numbers[0].id, localTime: "12:00", timeZone: "UTC", recurrence: { kind: "once", date: "2027-05-01" } }));
  if (!("schedule" in r)) throw new Error("not created");
  const mirrored = await db().query<{ at: string }>("select next_due_at as at from schedules where id = $1", [r.schedule.id]);
  expect(new Date(mirrored.rows[0].at).toISOString()).toBe("2027-05-01T12:00:00.000Z");

  await runInDurableObject(agenda(userId), (_i: UserAgenda, state) => state.storage.deleteAlarm());
  expect(await alarmAt(userId)).toBeNull();

  // Not yet overdue (the alarm may just be running): left alone.
  await cron("2027-05-01T12:01:00Z");
  expect(await alarmAt(userId)).toBeNull();
  // Overdue by more than the grace: re-armed.
  await cron("2027-05-01T12:02:00Z");
  expect(iso(await alarmAt(userId))).toBe("2027-05-01T12:00:00.000Z");

  clock.set(Date.parse("2027-05-01T12:02:00Z"));
  await runAlarm(userId);
  expect(await simCalls(numbers[0].e164)).toHaveLength(1);
});
