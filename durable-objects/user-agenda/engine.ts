// One pass of the agenda (the alarm): mirror what changed, act on every occurrence whose time
// has come, plan the next ones, mirror again, and answer when to wake up next — the shell
// sets that alarm last. Occurrences are worked on independently: one failing doesn't stop
// the others; its error is rethrown after the pass so the runtime retries it.
import { getUser } from "../../core/db/users.ts";
import type { Queryable } from "../../core/db/pool.ts";
import { TIMING, type EngineContext } from "./context.ts";
import { fire } from "./dial.ts";
import type { AgendaMirror } from "./mirror.ts";
import { outcomeOfReport, type AttemptOutcome } from "./outcomes.ts";
import { planSchedule } from "./planner.ts";
import type { Occurrence } from "./records.ts";
import { closeOccurrence, recordOutcome } from "./settle.ts";
import { watch } from "./watch.ts";

/** Dials in flight at once per agenda (one user's schedules due together). */
const PARALLEL = 4;
const KEEP_SETTLED_MS = 60 * 86_400_000;

export interface PassResult {
  next: number | null;
  error?: unknown;
}

export interface CallReport {
  callId: string;
  scheduleRunId: string | null;
  answered: boolean;
  status: Parameters<typeof outcomeOfReport>[0]["status"];
  endReason: string;
}

export class AgendaEngine {
  private readonly ctx: EngineContext;
  private readonly mirror: AgendaMirror;
  private readonly db: Queryable;
  private gone = false;

  constructor(ctx: Omit<EngineContext, "accountGone">, mirror: AgendaMirror, db: Queryable) {
    this.ctx = { ...ctx, accountGone: () => (this.gone = true) };
    this.mirror = mirror;
    this.db = db;
  }

  get accountIsGone(): boolean {
    return this.gone;
  }

  async pass(): Promise<PassResult> {
    const { store, clock } = this.ctx;
    // Runs must exist in Neon before a call can point at them.
    await this.mirror.flush();
    const due = store.due(clock() + this.ctx.leadMs);
    // Quiet hours are checked with the user's settings as they are now (PATCH /me doesn't tell us).
    if (due.some((o) => o.status !== "dialing")) await this.refreshSettings();
    let error: unknown;
    for (let i = 0; i < due.length && !this.gone; i += PARALLEL) {
      const results = await Promise.allSettled(due.slice(i, i + PARALLEL).map((o) => this.act(o)));
      for (const r of results) if (r.status === "rejected") error ??= r.reason;
    }
    if (this.gone) {
      store.clear();
      return { next: null };
    }
    this.planAll();
    await this.mirror.flush();
    store.pruneSettled(clock() - KEEP_SETTLED_MS);
    return { next: store.nextFireMs(), error };
  }

  private async act(o: Occurrence): Promise<void> {
    const { store, clock } = this.ctx;
    const cur = store.occurrence(o.scheduleId, o.key);
    if (!cur || cur.fireMs === null || cur.fireMs > clock() + this.ctx.leadMs) return;
    if (cur.tries >= TIMING.maxTries) return closeOccurrence(store, cur, "failed", "gave_up", "Gave up after repeated errors", clock());
    // Counted before any work, so a pass that crashes still counts.
    const tried: Occurrence = { ...cur, tries: cur.tries + 1 };
    store.putOccurrence(tried);
    const s = store.schedule(cur.scheduleId);
    if (tried.status === "dialing") await watch(this.ctx, tried, s);
    else await fire(this.ctx, tried, s);
  }

  async refreshSettings(): Promise<void> {
    const u = await getUser(this.db, this.ctx.userId);
    if (!u) return this.ctx.accountGone();
    this.ctx.store.saveSettings({ timeZone: u.timeZone, quietStart: u.quietStart, quietEnd: u.quietEnd });
  }

  planAll(): void {
    const { store, clock } = this.ctx;
    const settings = store.settings();
    for (const s of store.schedules()) planSchedule(store, s, settings, clock());
  }

  /** A CallSession's afterCall: the outcome of one of our attempts. */
  report(r: CallReport): boolean {
    const { store, clock } = this.ctx;
    const outcome: AttemptOutcome = outcomeOfReport(r);
    const open = store.open().filter((o) => o.status === "dialing");
    const mine = open.find((o) => o.callId === r.callId);
    if (mine) {
      recordOutcome(store, mine, outcome, clock());
      return true;
    }
    // Reported before the dialing pass wrote the call down: keep it for that pass.
    const early = open.find((o) => o.callId === null && o.runId === r.scheduleRunId);
    if (early) store.putOccurrence({ ...early, earlyOutcome: { callId: r.callId, outcome } });
    return false;
  }
}
