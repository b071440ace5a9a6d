// The UserAgenda Durable Object: one per user (named by the user id), a thin shell. Its
// SQLite holds the user's schedules and occurrences (store.ts); the engine decides; Neon gets
// a mirror for the web app; one alarm points at the earliest moment anything is due, and
// every entry point sets it last, from what is stored.
import { DurableObject } from "cloudflare:workers";
import { readConfig } from "../../core/config.ts";
import { createPool, type Pool } from "../../core/db/pool.ts";
import { deleteScheduleRow } from "../../core/db/schedules.ts";
import { LiveCallDesk } from "./call-desk.ts";
import { createSchedule, setPaused, updateSchedule } from "./commands.ts";
import { AgendaEngine, type CallReport } from "./engine.ts";
import { AgendaMirror, FlushLock } from "./mirror.ts";
import { systemClock, type Clock, type FaultHook } from "./ports.ts";
import type { ScheduleSpec, UserSettings } from "./records.ts";
import { AgendaStore } from "./store.ts";
import { occurrenceView, scheduleView, type OccurrenceView, type ScheduleView, type UpcomingItem } from "./views.ts";
import { scheduleByVoice, snoozeNext, stopByVoice, type VoiceAnswer, type VoiceCaller } from "./voice-commands.ts";

export type { CallReport, OccurrenceView, ScheduleSpec, ScheduleView, UpcomingItem, UserSettings, VoiceAnswer, VoiceCaller };

/** Upcoming occurrences listed per schedule in views. */
const NEXT_IN_VIEWS = 5;
export const MAX_SCHEDULES = 100;
/** Preparing a call (our checks, placeCall's queries, the CallSession) takes time; the dial itself waits for the due instant. */
export const WAKE_EARLY_MS = 5_000;

interface Session {
  db: Pool;
  engine: AgendaEngine;
  mirror: AgendaMirror;
}

export class UserAgenda extends DurableObject<Env> {
  /** Tests swap these through runInDurableObject; RPC can't reach fields, so production can't. */
  clock: Clock = systemClock;
  faults: FaultHook | undefined = undefined;
  /** The alarm rings this much before an occurrence is due (engine leadMs); tests set 0. */
  wakeEarlyMs = WAKE_EARLY_MS;
  private readonly store: AgendaStore;
  private readonly flushLock = new FlushLock();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new AgendaStore(ctx.storage.sql);
  }

  private userId(claimed?: string): string {
    const known = this.store.meta("userId");
    if (claimed && !known) this.store.setMeta("userId", claimed);
    if (claimed && known && known !== claimed) throw new Error("this agenda belongs to another user");
    return claimed ?? known ?? "";
  }

  private async session<T>(userId: string, fn: (s: Session) => Promise<T>): Promise<T> {
    const db = createPool(readConfig(this.env).databaseUrl, { max: 4 });
    const mirror = new AgendaMirror(this.store, db, userId, this.flushLock);
    const desk = new LiveCallDesk(this.env, readConfig(this.env), db);
    const log = (m: string) => console.log(`[agenda ${userId.slice(0, 8)}] ${m}`);
    const engine = new AgendaEngine({ userId, store: this.store, clock: this.clock, desk, faults: this.faults, leadMs: this.wakeEarlyMs, log }, mirror, db);
    try {
      return await fn({ db, engine, mirror });
    } finally {
      // A pool per pass or request, closed after it: an idle object holds no connections
      // (a pool kept on the object outlived it when workerd evicted the object).
      this.ctx.waitUntil(db.end().catch(() => {}));
    }
  }

  private view(id: string): ScheduleView | null {
    const s = this.store.schedule(id);
    return s ? scheduleView(this.store, s, { settings: this.store.settings(), nowMs: this.clock(), next: NEXT_IN_VIEWS }) : null;
  }

  /** The one alarm: always the earliest open occurrence, or none. */
  private async arm(): Promise<number | null> {
    const next = this.store.nextFireMs();
    const wake = next === null ? null : next - this.wakeEarlyMs;
    if (wake === null) await this.ctx.storage.deleteAlarm();
    else if ((await this.ctx.storage.getAlarm()) !== wake) await this.ctx.storage.setAlarm(wake);
    return next;
  }

  override async alarm(): Promise<void> {
    const userId = this.userId();
    if (!userId) return;
    const { error } = await this.session(userId, (s) => s.engine.pass());
    this.faults?.("before-alarm");
    await this.arm();
    if (error) throw error;
  }

  /** Apply a change, plan what follows from it, mirror it, re-arm. A mirror failure is retried by the next pass. */
  private async change<T>(userId: string, settings: UserSettings | null, fn: (s: Session) => T | Promise<T>): Promise<T> {
    this.userId(userId);
    if (settings) this.store.saveSettings(settings);
    try {
      return await this.session(userId, async (s) => {
        const out = await fn(s);
        s.engine.planAll();
        await s.mirror.flush();
        return out;
      });
    } finally {
      await this.arm();
    }
  }

  // ——— RPC from the API worker (the user is the signed-in one) ———

  async create(userId: string, settings: UserSettings, spec: ScheduleSpec): Promise<{ schedule: ScheduleView } | { error: "too_many" | "gone" }> {
    return this.change(userId, settings, async (s) => {
      if (this.store.schedules().length >= MAX_SCHEDULES) return { error: "too_many" as const };
      const created = createSchedule(this.store, spec, settings, this.clock());
      // Neon refuses a schedule whose persona or number was deleted meanwhile.
      const dropped = await s.mirror.flush();
      const view = dropped.includes(created.id) ? null : this.view(created.id);
      return view ? { schedule: view } : { error: "gone" as const };
    });
  }

  async update(userId: string, settings: UserSettings, id: string, spec: ScheduleSpec): Promise<ScheduleView | null> {
    return this.change(userId, settings, () => {
      const s = updateSchedule(this.store, id, spec, settings, this.clock());
      return s ? this.view(s.id) : null;
    });
  }

  async setPaused(userId: string, settings: UserSettings, id: string, paused: boolean): Promise<ScheduleView | null> {
    return this.change(userId, settings, () => {
      const s = setPaused(this.store, id, paused, settings, this.clock());
      return s ? this.view(s.id) : null;
    });
  }

  async remove(userId: string, id: string): Promise<boolean> {
    return this.change(userId, null, async (s) => {
      if (!this.store.schedule(id)) return false;
      // Neon first: if that fails nothing changed, and the user can try again.
      await deleteScheduleRow(s.db, userId, id);
      this.store.deleteSchedule(id);
      return true;
    });
  }

  async list(userId: string, settings: UserSettings, recent = 20): Promise<{ schedules: ScheduleView[]; recent: OccurrenceView[] }> {
    this.userId(userId);
    this.store.saveSettings(settings);
    return {
      schedules: this.store
        .schedules()
        .sort((a, b) => a.createdMs - b.createdMs)
        .map((s) => this.view(s.id)!),
      recent: this.store.settled(recent).map(occurrenceView),
    };
  }

  async get(userId: string, id: string): Promise<ScheduleView | null> {
    this.userId(userId);
    return this.view(id);
  }

  /** A CallSession's afterCall for one of our calls. */
  async report(userId: string, r: CallReport): Promise<void> {
    await this.change(userId, null, (s) => void s.engine.report(r));
  }

  /** The backstop (cron) found this agenda overdue: re-arm from stored state. */
  async rearm(userId: string): Promise<number | null> {
    await this.change(userId, null, () => undefined);
    return this.store.nextFireMs();
  }

  /** The account is being deleted: forget everything (Neon's rows go with the user's). */
  async clear(): Promise<void> {
    this.store.clear();
    await this.ctx.storage.deleteAlarm();
  }

  // ——— RPC from a CallSession (the persona's tools, for the caller of that call) ———

  async voiceSchedule(caller: VoiceCaller, localDateTime: string): Promise<VoiceAnswer> {
    return this.change(caller.userId, null, async (s) => {
      const settings = await this.freshSettings(s);
      return (await scheduleByVoice(this.store, s.db, caller, localDateTime, settings, this.clock())).answer;
    });
  }

  async voiceSnooze(userId: string, minutes: number, zone: string): Promise<VoiceAnswer> {
    return this.change(userId, null, async (s) => snoozeNext(this.store, minutes, await this.freshSettings(s), this.clock(), zone));
  }

  async voiceStop(userId: string, which: "next" | "all", zone: string): Promise<VoiceAnswer> {
    return this.change(userId, null, async (s) => stopByVoice(this.store, which, await this.freshSettings(s), this.clock(), zone));
  }

  /** The user's zone and quiet hours as they are now (voice commands check quiet hours). */
  private async freshSettings(s: Session): Promise<UserSettings | null> {
    await s.engine.refreshSettings();
    return this.store.settings();
  }
}
