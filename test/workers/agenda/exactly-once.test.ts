// Exactly once, whatever the alarm handler goes through. 1,000 occurrences across 50 agendas,
// each crashing on its first 0–3 passes at a random point (before the dial intent, after it,
// after Twilio accepted the call, after it was written down) plus random crashes just before
// the next alarm is set; every throw is retried as the runtime retries alarms. Each number
// must be dialed exactly once at the Twilio simulator, and no occurrence left undialed.
// Then the crash windows inside placeCall itself: a call row written but never dialed, and a
// dial Twilio accepted whose SID was never recorded.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { agenda, alarmAt, DEFAULT_SETTINGS, db, DialLog, drive, FakeClock, makeUser, runAlarm, simCalls, spec } from "./harness.ts";
import { CrashPlan } from "./faults.ts";
import { attemptKey } from "../../../durable-objects/user-agenda/dial.ts";
import { createCall } from "../../../core/providers/twilio.ts";
import { readConfig } from "../../../core/config.ts";

const USERS = 50;
const PER_USER = 20;
const T0 = Date.parse("2027-03-01T12:00:00Z");
const SPACING_MS = 500;

function hhmmss(ms: number): { date: string; time: string } {
  const d = new Date(ms).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 19) };
}

describe("exactly once", () => {
  it(
    "1,000 occurrences, alarm handlers crashing on their first 0–3 passes: each dialed once, none missed",
    async () => {
      const seed = Number(process.env.AGENDA_SEED ?? Date.now() % 1_000_000);
      console.log(`crash plan seed: ${seed} (AGENDA_SEED=${seed} replays it)`);
      const plan = new CrashPlan(seed);
      const clock = new FakeClock("2027-03-01T11:59:00Z");
      const users = await Promise.all(Array.from({ length: USERS }, () => makeUser({ numbers: PER_USER })));
      const byNumber = new Map<string, { userId: string; scheduleId: string; key: string }>();
      for (const [u, user] of users.entries()) {
        await drive(user.userId, clock, plan.hook(user.userId));
        for (const [i, n] of user.numbers.entries()) {
          const at = hhmmss(T0 + (i * USERS + u) * SPACING_MS);
          const r = await agenda(user.userId).create(
            user.userId,
            DEFAULT_SETTINGS,
            spec({ phoneNumberId: n.id, localTime: at.time, timeZone: "UTC", recurrence: { kind: "once", date: at.date }, retryMax: 0 }),
          );
          if (!("schedule" in r)) throw new Error("not created");
          plan.plan(r.schedule.id, r.schedule.next[0].key);
          byNumber.set(n.e164, { userId: user.userId, scheduleId: r.schedule.id, key: r.schedule.next[0].key });
        }
      }

      let passes = 0;
      let retried = 0;
      const dials = new DialLog();
      const undialed = async () => {
        const left = await db().query<{ n: number }>(
          `select count(*)::int as n from schedule_runs r join schedules s on s.id = r.schedule_id
           where s.user_id = any($1::uuid[]) and (r.status = 'pending' or not exists (select 1 from calls c where c.schedule_run_id = r.id and c.twilio_call_sid is not null))`,
          [users.map((u) => u.userId)],
        );
        return left.rows[0].n;
      };
      // Step the clock through the due times (and a little past them), running every due alarm.
      for (let step = 0; step < 60; step++) {
        clock.advance(30_000);
        for (const u of users) {
          for (let guard = 0; guard < 50; guard++) {
            const at = await alarmAt(u.userId);
            if (at === null || at > clock.now) break;
            const r = await runAlarm(u.userId);
            passes++;
            retried += r.threw;
          }
        }
        await dials.collect();
        if (clock.now > T0 + USERS * PER_USER * SPACING_MS && (await undialed()) === 0) break;
      }
      await dials.collect();
      console.log(`passes ${passes}, handler throws retried ${retried}, planned crashes ${plan.planned}, crashes that struck ${[...plan.thrown.values()].reduce((a, b) => a + b, 0)}`);

      const perNumber = new Map([...dials.perNumber()].filter(([to]) => byNumber.has(to)));
      const twice = [...perNumber.entries()].filter(([, n]) => n > 1);
      const missed = [...byNumber.keys()].filter((n) => !perNumber.has(n));
      expect(twice).toEqual([]);
      expect(missed).toEqual([]);
      expect(perNumber.size).toBe(USERS * PER_USER);
      expect(await undialed()).toBe(0);
      // placeCall refuses a second live call to a number, which would hide a second dial
      // attempt at the simulator: so also check that every occurrence made one attempt, with
      // one call row, and never met a "busy" line (nothing here is busy but our own call).
      const runs = await db().query<{ attempts: number; calls: number; busy: boolean }>(
        `select r.attempts, (select count(*)::int from calls c where c.schedule_run_id = r.id) as calls,
                r.attempt_log @> '[{"outcome":"busy"}]'::jsonb as busy
         from schedule_runs r join schedules s on s.id = r.schedule_id where s.user_id = any($1::uuid[])`,
        [users.map((u) => u.userId)],
      );
      expect(runs.rows).toHaveLength(USERS * PER_USER);
      expect(runs.rows.filter((r) => r.attempts !== 1 || r.calls !== 1 || r.busy)).toEqual([]);
      expect(retried).toBeGreaterThan(USERS * PER_USER * 0.5);
    },
    15 * 60_000,
  );
});

describe("crash windows inside placeCall", () => {
  /** An occurrence whose first pass died right after writing its dial intent. */
  async function interrupted() {
    const u = await makeUser();
    const clock = new FakeClock("2027-04-01T11:00:00Z");
    let crash = true;
    await drive(u.userId, clock, (point) => {
      if (point === "after-intent" && crash) {
        crash = false;
        throw new Error("simulated crash after the dial intent");
      }
    });
    const r = await agenda(u.userId).create(u.userId, DEFAULT_SETTINGS, spec({ phoneNumberId: u.numbers[0].id, localTime: "12:00", timeZone: "UTC", recurrence: { kind: "once", date: "2027-04-01" } }));
    if (!("schedule" in r)) throw new Error("not created");
    clock.set(Date.parse("2027-04-01T12:00:00Z"));
    await expect(agendaAlarmOnce(u.userId)).rejects.toThrow(/simulated crash/);
    const runId = r.schedule.next[0] && (await db().query<{ id: string }>("select id from schedule_runs where schedule_id = $1", [r.schedule.id])).rows[0].id;
    // The state placeCall leaves when it dies after its transaction: a call row with the
    // attempt's key and its reservation, no Twilio SID.
    const row = await db().query<{ id: string }>(
      `insert into calls (user_id, persona_id, persona_name, channel, phone_number_id, to_e164, schedule_run_id, attempt, purchased_seconds, price_cents, idempotency_key)
       values ($1, 'sarah_001', 'Sarah', 'phone', $2, $3, $4, 1, 300, 100, $5) returning id`,
      [u.userId, u.numbers[0].id, u.numbers[0].e164, runId, attemptKey(r.schedule.id, "2027-04-01T12:00", 1)],
    );
    await db().query("insert into credit_entries (user_id, kind, amount, ref, call_id) values ($1, 'reserve', -100, $2, $3)", [u.userId, `reserve:call:${row.rows[0].id}`, row.rows[0].id]);
    return { ...u, clock, callId: row.rows[0].id, scheduleId: r.schedule.id };
  }

  async function agendaAlarmOnce(userId: string) {
    const { runDurableObjectAlarm } = await import("cloudflare:test");
    return runDurableObjectAlarm(agenda(userId));
  }

  it("a call row that never reached Twilio: failed and released after a grace period, then dialed once", async () => {
    const t = await interrupted();
    await runAlarm(t.userId); // redial finds the row: in doubt
    expect(await simCalls(t.numbers[0].e164)).toHaveLength(0);
    t.clock.advance(61_000);
    await runAlarm(t.userId);
    expect(await simCalls(t.numbers[0].e164)).toHaveLength(1);
    const rows = await db().query<{ attempt: number; status: string; endReason: string | null; sid: string | null }>(
      `select attempt, status, end_reason as "endReason", twilio_call_sid as sid from calls where user_id = $1 order by attempt`,
      [t.userId],
    );
    expect(rows.rows.map((r) => [r.attempt, r.status, r.endReason])).toEqual([
      [1, "failed", "dial_lost"],
      [2, "initiated", null],
    ]);
    const released = await db().query("select 1 from credit_entries where call_id = $1 and kind = 'release'", [t.callId]);
    expect(released.rows).toHaveLength(1);
  });

  it("a dial Twilio accepted but whose SID was never written: adopted, not dialed again", async () => {
    const t = await interrupted();
    const cfg = readConfig(env).twilio;
    const accepted = await createCall(cfg, { to: t.numbers[0].e164, url: "http://127.0.0.1:9/x", statusCallback: "http://127.0.0.1:9/s", timeLimitSeconds: 420 });
    await runAlarm(t.userId);
    t.clock.advance(61_000);
    await runAlarm(t.userId);
    expect((await simCalls(t.numbers[0].e164)).map((c) => c.sid)).toEqual([accepted.sid]);
    const row = await db().query<{ sid: string; status: string }>("select twilio_call_sid as sid, status from calls where id = $1", [t.callId]);
    expect(row.rows[0]).toMatchObject({ sid: accepted.sid });
    expect(await alarmAt(t.userId)).not.toBeNull();
  });
});
