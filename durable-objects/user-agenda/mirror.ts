// Copies the agenda's changed rows to Neon (schedules, schedule_runs) in a few batched
// statements. Neon can refuse a row because what it points at is gone there (a persona or
// number deleted, cascading its schedules away): such a schedule is dropped here too.
import { deleteRuns, upsertRuns, upsertSchedules, type RunMirrorRow, type ScheduleMirrorRow } from "../../core/db/schedules.ts";
import type { Queryable } from "../../core/db/pool.ts";
import { FOREIGN_KEY_VIOLATION, pgCode } from "../../core/db/tx.ts";
import type { Occurrence, ScheduleRecord } from "./records.ts";
import type { AgendaStore } from "./store.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export function scheduleRow(userId: string, s: ScheduleRecord, nextDue: number | null): ScheduleMirrorRow {
  return {
    id: s.id,
    userId,
    personaId: s.personaId,
    phoneNumberId: s.phoneNumberId,
    lengthSeconds: s.lengthSeconds,
    localTime: s.timing.localTime,
    timeZone: s.timing.timeZone,
    recurrence: s.timing.recurrence,
    untilDate: s.timing.untilDate,
    maxOccurrences: s.timing.maxOccurrences,
    paused: s.paused,
    retryMax: s.retryMax,
    retryIntervalMinutes: s.retryIntervalMinutes,
    quietPolicy: s.quietPolicy,
    source: s.source,
    nextDueAt: nextDue === null ? null : iso(nextDue),
    createdAt: iso(s.createdMs),
    updatedAt: iso(s.updatedMs),
  };
}

export function runRow(userId: string, o: Occurrence): RunMirrorRow {
  return {
    id: o.runId,
    scheduleId: o.scheduleId,
    userId,
    occurrenceKey: o.key,
    dueAt: iso(o.dueMs),
    status: o.status,
    attempts: o.attempt,
    outcome: o.outcome,
    detail: o.detail,
    attemptLog: o.attemptLog,
  };
}

/** One flush at a time per agenda: two interleaved flushes could each send half of a change. */
export class FlushLock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => {});
    return next;
  }
}

export class AgendaMirror {
  private readonly store: AgendaStore;
  private readonly db: Queryable;
  private readonly userId: string;
  private readonly lock: FlushLock;

  constructor(store: AgendaStore, db: Queryable, userId: string, lock: FlushLock) {
    this.store = store;
    this.db = db;
    this.userId = userId;
    this.lock = lock;
  }

  /** Send everything that changed. Answers the schedules dropped because Neon no longer has their parents. */
  flush(): Promise<string[]> {
    return this.lock.run(() => this.send());
  }

  private async send(): Promise<string[]> {
    const dropped: string[] = [];
    const scheds = this.store.dirtySchedules();
    await this.batch(
      scheds,
      (xs) => upsertSchedules(this.db, xs.map((x) => scheduleRow(this.userId, x.record, x.nextDue))),
      (x) => x.record.id,
      dropped,
    );
    for (const x of scheds) if (!dropped.includes(x.record.id)) this.store.markScheduleMirrored(x.record.id, x.version, x.nextDue);
    for (let round = 0; round < 20; round++) {
      const occs = this.store.dirtyOccurrences().filter((x) => !dropped.includes(x.occ.scheduleId));
      if (!occs.length) break;
      await this.batch(
        occs,
        async (xs) => {
          const ids = await upsertRuns(this.db, xs.map((x) => runRow(this.userId, x.occ)));
          const byKey = new Map(ids.map((r) => [`${r.scheduleId} ${r.occurrenceKey}`, r.id]));
          for (const x of xs) this.store.markOccurrenceMirrored(x.occ.scheduleId, x.occ.key, x.version, byKey.get(`${x.occ.scheduleId} ${x.occ.key}`) ?? x.occ.runId);
        },
        (x) => x.occ.scheduleId,
        dropped,
      );
    }
    const gone = this.store.gone();
    if (gone.length) {
      await deleteRuns(this.db, this.userId, gone);
      this.store.clearGone(gone);
    }
    return dropped;
  }

  /** One statement for all; on a foreign-key refusal, row by row to find the orphans. */
  private async batch<T>(items: T[], write: (xs: T[]) => Promise<unknown>, scheduleOf: (x: T) => string, dropped: string[]): Promise<void> {
    if (!items.length) return;
    try {
      await write(items);
      return;
    } catch (e) {
      if (pgCode(e) !== FOREIGN_KEY_VIOLATION) throw e;
    }
    for (const x of items) {
      if (dropped.includes(scheduleOf(x))) continue;
      try {
        await write([x]);
      } catch (e) {
        if (pgCode(e) !== FOREIGN_KEY_VIOLATION) throw e;
        dropped.push(scheduleOf(x));
        this.store.deleteSchedule(scheduleOf(x));
      }
    }
  }
}
