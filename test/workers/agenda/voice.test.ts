// The persona's agenda tools, as the CallSession runs them (CallTools over the agenda's
// powers): schedule a one-off for this caller, snooze the next call, stop calls — on the
// caller's own agenda only, with an answer to say aloud, and visible in the agenda's list.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CallTools } from "../../../durable-objects/call-session/tools.ts";
import type { CallSetup } from "../../../durable-objects/call-session/call-info.ts";
import { agendaToolPowers } from "../../../durable-objects/user-agenda/call-hooks.ts";
import { agenda, DEFAULT_SETTINGS, db, drive, FakeClock, makeUser, spec } from "./harness.ts";

async function caller(timeZone = "Europe/London") {
  const u = await makeUser({ timeZone, country: "GB" });
  const clock = new FakeClock("2027-07-14T09:00:00Z"); // 10:00 BST, a Wednesday
  await drive(u.userId, clock);
  const call = await db().query<{ id: string }>(
    "insert into calls (user_id, persona_id, persona_name, channel, phone_number_id, to_e164, status, purchased_seconds, price_cents) values ($1, 'sarah_001', 'Sarah', 'phone', $2, $3, 'in_progress', 600, 0) returning id",
    [u.userId, u.numbers[0].id, u.numbers[0].e164],
  );
  const setup = { callId: call.rows[0].id, userId: u.userId, personaId: "sarah_001", timeZone, purchasedSeconds: 600, channel: "phone" } as CallSetup;
  const tools = new CallTools({ extend: async () => ({ ok: false, message: "" }), canExtend: () => false, agenda: agendaToolPowers(env, setup), log: () => {} });
  return { ...u, clock, tools };
}

describe("agenda tools by voice", () => {
  it("'call me tomorrow at 8' schedules a one-off to this call's number, in the caller's zone", async () => {
    const c = await caller();
    const r = await c.tools.run("schedule_call", JSON.stringify({ local_datetime: "2027-07-15T08:00" }));
    expect(r.content).toBe("Scheduled: I'll call you Thu 15 Jul, 08:00, Europe/London. It's in the app under Schedules.");
    const { schedules } = await agenda(c.userId).list(c.userId, DEFAULT_SETTINGS);
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ source: "voice", phoneNumberId: c.numbers[0].id, personaId: "sarah_001", lengthSeconds: 600, timeZone: "Europe/London", recurrence: { kind: "once", date: "2027-07-15" } });
    expect(schedules[0].next[0].at).toBe("2027-07-15T07:00:00.000Z");
    const mirrored = await db().query("select source from schedules where user_id = $1", [c.userId]);
    expect(mirrored.rows).toEqual([{ source: "voice" }]);
  });

  it("refuses another number, a time in quiet hours, and a time that has passed", async () => {
    const c = await caller();
    const other = await c.tools.run("schedule_call", JSON.stringify({ local_datetime: "2027-07-15T08:00", phone_number: "+447700900123" }));
    expect(other.content).toMatch(/not allowed.*Nothing was done/);
    const night = await c.tools.run("schedule_call", JSON.stringify({ local_datetime: "2027-07-15T23:00" }));
    expect(night.content).toMatch(/^I can't call at that time: it is outside 08:00–21:00.*earliest I could call is Fri 08:00, Europe\/London. Nothing was scheduled.$/);
    const past = await c.tools.run("schedule_call", JSON.stringify({ local_datetime: "2027-07-14T09:00" }));
    expect(past.content).toMatch(/already passed/);
    expect((await agenda(c.userId).list(c.userId, DEFAULT_SETTINGS)).schedules).toHaveLength(0);
  });

  it("snoozes the next call and stops the next one or all of them", async () => {
    const c = await caller();
    const a = await agenda(c.userId).create(c.userId, DEFAULT_SETTINGS, spec({ phoneNumberId: c.numbers[0].id, localTime: "18:00", timeZone: "Europe/London", recurrence: { kind: "daily", start: "2027-07-14" } }));
    if (!("schedule" in a)) throw new Error("not created");
    const snoozed = await c.tools.run("snooze_next_call", JSON.stringify({ minutes: 60 }));
    expect(snoozed.content).toBe("Done: your next scheduled call is now Wed 19:00, Europe/London.");
    const tooLate = await c.tools.run("snooze_next_call", JSON.stringify({ minutes: 180 }));
    expect(tooLate.content).toMatch(/can't move it to Wed 22:00/);
    const next = await c.tools.run("stop_schedule", JSON.stringify({ which: "next" }));
    expect(next.content).toBe("Okay: I won't call Wed 19:00, Europe/London. Your other scheduled calls stay as they are.");
    const after = await agenda(c.userId).get(c.userId, a.schedule.id);
    expect(after!.next[0]).toMatchObject({ key: "2027-07-15T18:00", status: "pending" });
    const all = await c.tools.run("stop_schedule", JSON.stringify({ which: "all" }));
    expect(all.content).toBe("Okay: I've paused your scheduled call. You can resume them in the app.");
    expect((await agenda(c.userId).get(c.userId, a.schedule.id))!.state).toBe("paused");
    const paused = await db().query<{ paused: boolean }>("select paused from schedules where id = $1", [a.schedule.id]);
    expect(paused.rows[0].paused).toBe(true);
  });
});
