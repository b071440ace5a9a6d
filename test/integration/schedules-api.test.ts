// The schedules API through the real worker: create, list with the next 5 occurrences,
// preview while editing, edit, pause, resume, delete, the dashboard's upcoming calls — and a
// scheduled call that rings at its time on the simulated handset, gets answered, and lands
// on its occurrence as answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerWithPhone, grantCredits, seen, untilQuiet, waitUntil, type Caller } from "../helpers/call-fixtures.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
let c: Caller;
beforeAll(async () => {
  stack = await startStack();
  c = await callerWithPhone(stack, "schedules@example.com");
  await grantCredits(stack, c.userId, 5_000);
}, 120_000);
afterAll(() => stack?.close());

interface Upcoming {
  key: string;
  at: string;
  label: string;
  status: string;
  detail: string | null;
}
interface Schedule {
  id: string;
  state: string;
  localTime: string;
  timeZone: string;
  next: Upcoming[];
}

/** A zone whose wall clock reads between 10:00 and 18:00 now, so the legal window allows "now". */
function daytimeZone(): string {
  for (let h = -12; h <= 14; h++) {
    const zone = h === 0 ? "UTC" : `Etc/GMT${h > 0 ? "-" : "+"}${Math.abs(h)}`;
    const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", hourCycle: "h23" }).format(new Date()));
    if (hour >= 10 && hour <= 17) return zone;
  }
  throw new Error("no daytime zone");
}

function localParts(ms: number, zone: string) {
  const f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}

describe("schedules API", () => {
  it("creates, previews, lists, edits, pauses, resumes and deletes", async () => {
    await c.api.json("/me", { method: "PATCH", body: { timeZone: "Europe/Berlin", quietStart: null, quietEnd: null } });
    const body = { personaId: "sarah_001", phoneNumberId: c.numberId, localTime: "19:30", timeZone: "Europe/Berlin", recurrence: { kind: "weekly", days: [2, 4] } };
    const preview = await c.api.json<{ next: Upcoming[] }>("/schedules/preview", { method: "POST", body });
    expect(preview.next).toHaveLength(5);
    expect(preview.next[0].label).toMatch(/^(Tue|Thu) 19:30, Europe\/Berlin$/);

    const created = await c.api.json<Schedule>("/schedules", { method: "POST", body });
    expect(created).toMatchObject({ state: "active", localTime: "19:30", timeZone: "Europe/Berlin" });
    expect(created.next.map((n) => n.label)).toEqual(preview.next.map((n) => n.label));
    expect(created.next[0].status).toBe("pending");

    const list = await c.api.json<{ schedules: Schedule[] }>("/schedules");
    expect(list.schedules.map((s) => s.id)).toContain(created.id);
    const row = await stack.pool.query("select time_zone, paused, next_due_at is not null as due from schedules where id = $1", [created.id]);
    expect(row.rows[0]).toEqual({ time_zone: "Europe/Berlin", paused: false, due: true });

    const edited = await c.api.json<Schedule>(`/schedules/${created.id}`, { method: "PUT", body: { ...body, localTime: "08:15", recurrence: { kind: "weekdays" } } });
    expect(edited.next[0].label).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 08:15, Europe\/Berlin$/);

    expect((await c.api.json<Schedule>(`/schedules/${created.id}/pause`, { method: "POST" })).state).toBe("paused");
    expect((await stack.pool.query("select paused, next_due_at from schedules where id = $1", [created.id])).rows[0]).toEqual({ paused: true, next_due_at: null });
    expect((await c.api.json<Schedule>(`/schedules/${created.id}/resume`, { method: "POST" })).state).toBe("active");

    const upcoming = await c.api.json<{ calls: Array<Upcoming & { scheduleId: string }> }>("/schedules/upcoming?limit=3");
    expect(upcoming.calls.length).toBeGreaterThan(0);
    expect(upcoming.calls[0]).toMatchObject({ scheduleId: created.id });

    expect(await c.api.json(`/schedules/${created.id}`, { method: "DELETE" })).toEqual({ ok: true });
    expect((await c.api.get(`/schedules/${created.id}`)).status).toBe(404);
    expect((await stack.pool.query("select 1 from schedules where id = $1", [created.id])).rows).toHaveLength(0);
  });

  it("refuses what isn't yours or can't happen", async () => {
    const other = await callerWithPhone(stack, "schedules-other@example.com");
    const base = { personaId: "sarah_001", phoneNumberId: c.numberId, localTime: "12:00", recurrence: { kind: "daily" } };
    const foreign = await other.api.post("/schedules", base);
    expect(foreign.status).toBe(404);
    const unverified = await stack.pool.query<{ id: string }>("insert into phone_numbers (user_id, e164, country) values ($1, '+14155550999', 'US') returning id", [c.userId]);
    expect((await c.api.post("/schedules", { ...base, phoneNumberId: unverified.rows[0].id })).status).toBe(403);
    const past = await c.api.post("/schedules", { ...base, recurrence: { kind: "once", date: "2020-01-01" } });
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: { code: string } }).error.code).toBe("in_the_past");
    expect((await c.api.post("/schedules", { ...base, recurrence: { kind: "weekly", days: [] } })).status).toBe(400);
  });
});

describe("a scheduled call", () => {
  it("rings at its time, is answered, and the occurrence records it", async () => {
    const zone = daytimeZone();
    await c.api.json("/me", { method: "PATCH", body: { timeZone: zone } });
    const due = Date.now() + 8_000;
    const at = localParts(due, zone);
    const s = await c.api.json<Schedule>("/schedules", {
      method: "POST",
      body: { personaId: "sarah_001", phoneNumberId: c.numberId, lengthSeconds: 180, localTime: at.time, timeZone: zone, recurrence: { kind: "once", date: at.date } },
    });
    const incoming = await c.phone.waitFor("incoming", 30_000);
    expect(incoming.at).toBeGreaterThanOrEqual(due - 1_000);
    c.phone.answer(incoming.callSid);
    const greeting = await c.phone.waitFor("heard", 20_000);
    expect(greeting.text).toMatch(/Sarah/);
    await untilQuiet(c.phone);
    c.phone.hangup();
    await c.phone.waitFor("ended", 10_000);
    const run = await waitUntil(async () => {
      const r = seen((await stack.pool.query<{ status: string; attempts: number }>("select status, attempts from schedule_runs where schedule_id = $1", [s.id])).rows[0]);
      return r?.status === "answered" ? r : undefined;
    }, 30_000, "the occurrence to be answered");
    expect(run.attempts).toBe(1);
    const calls = await stack.pool.query("select status from calls where schedule_run_id = (select id from schedule_runs where schedule_id = $1)", [s.id]);
    expect(calls.rows).toEqual([{ status: "completed" }]);
  });
});
