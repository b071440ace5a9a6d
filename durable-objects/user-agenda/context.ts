// What the engine's steps share: storage, clock, calls, and the optional crash hook.
import type { CallDesk, Clock, FaultHook, FaultPoint } from "./ports.ts";
import type { Occurrence } from "./records.ts";
import type { AgendaStore } from "./store.ts";

export interface EngineContext {
  userId: string;
  store: AgendaStore;
  clock: Clock;
  desk: CallDesk;
  faults?: FaultHook;
  /** How early a pass starts on an occurrence: its own work and placeCall's happen before the dial, which waits for the due instant. */
  leadMs: number;
  log(message: string): void;
  /** placeCall says the account no longer exists: the agenda empties itself at the end of the pass. */
  accountGone(): void;
}

export function fault(ctx: EngineContext, point: FaultPoint, o: Occurrence): void {
  ctx.faults?.(point, { scheduleId: o.scheduleId, key: o.key });
}

/** The occurrence as stored now, if it is still the same attempt we started working on. */
export function still(ctx: EngineContext, o: Occurrence): Occurrence | undefined {
  const cur = ctx.store.occurrence(o.scheduleId, o.key);
  return cur && cur.status === o.status && cur.attempt === o.attempt && cur.callId === o.callId ? cur : undefined;
}

/** Timings of the agenda's follow-up, in one place. */
export const TIMING = {
  /** An occurrence found this late (the agenda was unreachable) is skipped, not called. */
  lateLimitMs: 30 * 60_000,
  /**
   * First look at a dialed call that hasn't reported an outcome. The CallSession reports an
   * unanswered call within about 35 s (30 s ring timeout); this only catches lost reports, so
   * it waits long enough not to add work while a burst of calls is still being placed.
   */
  firstCheckMs: 5 * 60_000,
  checkEveryMs: 2 * 60_000,
  /** A call row without a Twilio SID this long after we found it is a dial that never happened. */
  doubtGraceMs: 60_000,
  /** Past the call's paid length plus this, an attempt without any outcome is given up on. */
  giveUpAfterMs: 30 * 60_000,
  /** Passes over one occurrence that all failed before it is given up (a poison pill). */
  maxTries: 10,
} as const;
