// Crash plans for the exactly-once tests: each occurrence gets a number of passes (0–3) whose
// work is cut short by a throw, at a point drawn at random; the agenda's alarm handler then
// throws and is run again, as the runtime would. Seeded, so a failure can be replayed.
import type { FaultHook, FaultPoint } from "../../../durable-objects/user-agenda/ports.ts";
import { seeded } from "../../helpers/random.ts";

const ORDER: FaultPoint[] = ["before-intent", "after-intent", "after-dial", "after-record"];

export class CrashPlan {
  private readonly rnd: () => number;
  private readonly plans = new Map<string, FaultPoint[]>();
  /** Throws that actually happened, per occurrence. */
  readonly thrown = new Map<string, number>();
  private readonly alarmCrashes = new Map<string, number>();
  planned = 0;

  constructor(seed: number) {
    this.rnd = seeded(seed);
  }

  /** This occurrence's first `n` passes crash (n drawn 0–3 unless given). */
  plan(scheduleId: string, key: string, n = Math.floor(this.rnd() * 4)): void {
    const points = Array.from({ length: n }, () => ORDER[Math.floor(this.rnd() * ORDER.length)]);
    this.plans.set(`${scheduleId} ${key}`, points);
    this.planned += n;
  }

  /**
   * The hook for one agenda. A pass crashes at the first point it reaches at or after the one
   * drawn (a pass that redials after a crash has no "before-intent" to reach). Now and then
   * the whole handler crashes after its work, just before it sets the next alarm.
   */
  hook(agendaId: string, alarmCrashRate = 0.1): FaultHook {
    return (point, occ) => {
      if (point === "before-alarm") {
        const streak = this.alarmCrashes.get(agendaId) ?? 0;
        if (streak < 2 && this.rnd() < alarmCrashRate) {
          this.alarmCrashes.set(agendaId, streak + 1);
          throw new Error(`simulated crash before the alarm was set (${agendaId})`);
        }
        this.alarmCrashes.set(agendaId, 0);
        return;
      }
      if (!occ) return;
      const id = `${occ.scheduleId} ${occ.key}`;
      const points = this.plans.get(id);
      if (!points?.length) return;
      if (ORDER.indexOf(point) < ORDER.indexOf(points[0])) return;
      points.shift();
      this.thrown.set(id, (this.thrown.get(id) ?? 0) + 1);
      throw new Error(`simulated crash at ${point} for ${id}`);
    };
  }
}
