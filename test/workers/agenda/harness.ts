// Driving UserAgenda objects inside workerd: a shared fake clock installed into each object
// (runInDurableObject), alarms run the way the runtime runs them (a throwing handler is run
// again, up to six retries), users with personas, numbers and credits made straight in the
// database, and the Twilio simulator's record of every dial.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { inject } from "vitest";
import { createPool, type Pool } from "../../../core/db/pool.ts";
import type { UserAgenda } from "../../../durable-objects/user-agenda/index.ts";
import type { FaultHook } from "../../../durable-objects/user-agenda/ports.ts";
import { agendaStub } from "../../../durable-objects/user-agenda/stub.ts";

declare module "vitest" {
  export interface ProvidedContext {
    simUrls: Record<string, string>;
  }
}

export const DEFAULT_SETTINGS = { timeZone: "UTC", quietStart: null, quietEnd: null };

export class FakeClock {
  now: number;
  constructor(iso: string) {
    this.now = Date.parse(iso);
  }
  set(ms: number) {
    this.now = Math.max(this.now, ms);
  }
  advance(ms: number) {
    this.now += ms;
  }
}

let pool: Pool | undefined;
export function db(): Pool {
  pool ??= createPool(env.DATABASE_URL, { max: 4 });
  return pool;
}

export function agenda(userId: string) {
  return agendaStub(env, userId);
}

const driven = new Map<string, { clock: FakeClock; faults?: FaultHook; wakeEarlyMs: number }>();

/**
 * Install the clock (and optionally a crash hook) into the user's agenda object. workerd
 * evicts an idle object after a few seconds and a new instance starts with the real clock, so
 * the harness installs them again before every alarm it runs.
 */
export async function drive(userId: string, clock: FakeClock, faults?: FaultHook, wakeEarlyMs = 0): Promise<void> {
  driven.set(userId, { clock, faults, wakeEarlyMs });
  await prime(userId);
}

async function prime(userId: string): Promise<void> {
  const d = driven.get(userId);
  if (!d) return;
  await runInDurableObject(agenda(userId), (inst: UserAgenda) => {
    inst.clock = () => d.clock.now;
    inst.faults = d.faults;
    // Alarms at the due instants themselves, so tests read them directly (wake-early.test.ts tests the lead).
    inst.wakeEarlyMs = d.wakeEarlyMs;
  });
}

export async function alarmAt(userId: string): Promise<number | null> {
  return runInDurableObject(agenda(userId), (_inst: UserAgenda, state) => state.storage.getAlarm());
}

/**
 * Run the agenda's alarm as the runtime would: if the handler throws, the alarm is retried
 * (runDurableObjectAlarm removed it, so it is put back first), up to six retries. Answers how
 * many invocations threw.
 */
export async function runAlarm(userId: string): Promise<{ ran: boolean; threw: number }> {
  const stub = agenda(userId);
  const at = await alarmAt(userId);
  if (at === null) return { ran: false, threw: 0 };
  let threw = 0;
  for (let attempt = 0; attempt <= 6; attempt++) {
    try {
      await prime(userId);
      await runDurableObjectAlarm(stub);
      return { ran: true, threw };
    } catch {
      threw++;
      await runInDurableObject(stub, async (_i: UserAgenda, state) => {
        if ((await state.storage.getAlarm()) === null) await state.storage.setAlarm(at);
      });
    }
  }
  throw new Error(`alarm of ${userId} kept failing`);
}

let seq = 0;
/** A fresh user with verified numbers and credits. */
export async function makeUser(opts: { numbers?: number; country?: string; credits?: number; timeZone?: string; quiet?: [string, string]; budgetCents?: number } = {}) {
  const q = db();
  const tag = `${Date.now().toString(36)}-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const u = await q.query<{ id: string }>(
    "insert into users (workos_user_id, email, time_zone, quiet_start, quiet_end, monthly_budget_cents) values ($1, $2, $3, $4, $5, $6) returning id",
    [`agenda-${tag}`, `agenda-${tag}@example.com`, opts.timeZone ?? "UTC", opts.quiet?.[0] ?? null, opts.quiet?.[1] ?? null, opts.budgetCents ?? null],
  );
  const userId = u.rows[0].id;
  const numbers: Array<{ id: string; e164: string }> = [];
  for (let i = 0; i < (opts.numbers ?? 1); i++) {
    const e164 = `+1${String(2000000000 + Math.floor(Math.random() * 7_999_999_999)).slice(0, 10)}`;
    const n = await q.query<{ id: string }>("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, $2, $3, now()) returning id", [userId, e164, opts.country ?? "US"]);
    numbers.push({ id: n.rows[0].id, e164 });
  }
  if (opts.credits !== 0) await q.query("insert into credit_entries (user_id, kind, amount, ref) values ($1, 'adjust', $2, $3)", [userId, opts.credits ?? 100_000, `agenda-test:${tag}`]);
  return { userId, numbers };
}

export interface SimCall {
  sid: string;
  to: string;
  status: string;
  /** When the simulator received the dial (its clock, epoch ms). */
  createdAt: number;
}

/** Every call the Twilio simulator was asked to place (optionally to one number). */
export async function simCalls(to?: string): Promise<SimCall[]> {
  const url = `${inject("simUrls").control}/twilio/calls${to ? `?to=${encodeURIComponent(to)}` : ""}`;
  const r = await fetch(url);
  const body = (await r.json()) as SimCall[] | { calls: SimCall[] };
  return Array.isArray(body) ? body : body.calls;
}

/**
 * Every dial the simulator received, collected as the test goes: the simulator keeps live
 * calls but only the latest 20,000 ended ones, so a long test must look while they are there.
 */
export class DialLog {
  readonly bySid = new Map<string, SimCall>();
  async collect(): Promise<void> {
    for (const c of await simCalls()) this.bySid.set(c.sid, c);
  }
  perNumber(): Map<string, number> {
    const m = new Map<string, number>();
    for (const c of this.bySid.values()) m.set(c.to, (m.get(c.to) ?? 0) + 1);
    return m;
  }
}

export function spec(over: { phoneNumberId: string; localTime: string; timeZone: string; recurrence: import("../../../core/schedule/types.ts").Recurrence } & Partial<import("../../../durable-objects/user-agenda/records.ts").ScheduleSpec>) {
  const { localTime, timeZone, recurrence, ...rest } = over;
  return {
    personaId: "sarah_001",
    lengthSeconds: 300,
    retryMax: 2,
    retryIntervalMinutes: 10,
    quietPolicy: "move" as const,
    calleeZone: timeZone,
    source: "app" as const,
    ...rest,
    timing: { localTime, timeZone, recurrence, untilDate: null, maxOccurrences: null },
  };
}

export async function callsOfRun(runId: string) {
  const r = await db().query<{ id: string; attempt: number; status: string; idempotencyKey: string }>(
    `select id, attempt, status, idempotency_key as "idempotencyKey" from calls where schedule_run_id = $1 order by attempt`,
    [runId],
  );
  return r.rows;
}

export async function run(scheduleId: string, key: string) {
  const r = await db().query<{ id: string; status: string; attempts: number; outcome: string | null; detail: string | null; attemptLog: Array<{ attempt: number; outcome: string }>; dueAt: string }>(
    `select id, status, attempts, outcome, detail, attempt_log as "attemptLog", due_at as "dueAt" from schedule_runs where schedule_id = $1 and occurrence_key = $2`,
    [scheduleId, key],
  );
  return r.rows[0];
}
