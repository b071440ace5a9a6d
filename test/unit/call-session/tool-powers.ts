// Tool powers that record what the persona actually did, for tool and red-team tests. Each
// method stands for an effect on the caller's own call or agenda; a test asserts that only
// these, with validated values, were ever reached.
import type { ToolPowers } from "../../../durable-objects/call-session/tools.ts";

export type Effect =
  | { power: "extend" }
  | { power: "scheduleOnce"; localDateTime: string }
  | { power: "snoozeNext"; minutes: number }
  | { power: "stop"; which: "next" | "all" };

export class RecordingPowers implements ToolPowers {
  effects: Effect[] = [];
  logs: string[] = [];
  extendable = true;
  agenda: ToolPowers["agenda"];
  constructor(withAgenda = true) {
    this.agenda = withAgenda
      ? {
          scheduleOnce: async (localDateTime: string) => (this.effects.push({ power: "scheduleOnce", localDateTime }), { ok: true, message: "Scheduled." }),
          snoozeNext: async (minutes: number) => (this.effects.push({ power: "snoozeNext", minutes }), { ok: true, message: "Snoozed." }),
          stop: async (which: "next" | "all") => (this.effects.push({ power: "stop", which }), { ok: true, message: "Stopped." }),
        }
      : undefined;
  }
  async extend() {
    this.effects.push({ power: "extend" });
    return { ok: true, message: "Done: five more minutes were added to the call." };
  }
  canExtend() {
    return this.extendable;
  }
  log(m: string) {
    this.logs.push(m);
  }
}

/** Every effect is one the product allows, with values inside its limits. */
export function effectIsAllowed(e: Effect): boolean {
  switch (e.power) {
    case "extend":
      return Object.keys(e).length === 1;
    case "scheduleOnce":
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(e.localDateTime) && Object.keys(e).length === 2;
    case "snoozeNext":
      return Number.isInteger(e.minutes) && e.minutes >= 5 && e.minutes <= 1440;
    case "stop":
      return e.which === "next" || e.which === "all";
    default: {
      const never: never = e;
      return never;
    }
  }
}
