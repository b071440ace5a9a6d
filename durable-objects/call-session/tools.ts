// The only powers the persona has, each checked here against this call and this caller's own
// data. The model's arguments are untrusted (the caller's words and a user-written prompt
// shape them): unknown tools and unknown or extra arguments are refused with no effect.
import { z } from "zod";
import type { ToolSpec } from "../../core/providers/cerebras.ts";
import type { ToolResult, Tools } from "./ports.ts";

export interface ExtendOutcome {
  ok: boolean;
  message: string;
}

export interface AgendaOutcome {
  ok: boolean;
  message: string;
}

/** What the tools may do, implemented by the call controller (billing) and the user's agenda. */
export interface ToolPowers {
  extend(): Promise<ExtendOutcome>;
  canExtend(): boolean;
  agenda?: {
    scheduleOnce(localDateTime: string): Promise<AgendaOutcome>;
    snoozeNext(minutes: number): Promise<AgendaOutcome>;
    stop(which: "next" | "all"): Promise<AgendaOutcome>;
  };
  log(m: string): void;
}

const fn = (name: string, description: string, properties: Record<string, unknown>, required: string[] = []): ToolSpec => ({
  type: "function",
  function: { name, description, parameters: { type: "object", properties, required, additionalProperties: false } },
});

const SCHEMAS = {
  end_call: z.strictObject({ reason: z.string().max(200).optional() }),
  extend_call: z.strictObject({ minutes: z.literal(5) }),
  schedule_call: z.strictObject({ local_datetime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/) }),
  snooze_next_call: z.strictObject({ minutes: z.number().int().min(5).max(24 * 60) }),
  stop_schedule: z.strictObject({ which: z.enum(["next", "all"]) }),
} as const;

type ToolName = keyof typeof SCHEMAS;

export class CallTools implements Tools {
  private readonly p: ToolPowers;
  constructor(powers: ToolPowers) {
    this.p = powers;
  }

  specs(): ToolSpec[] {
    const out = [fn("end_call", "End the phone call after saying goodbye, when the caller wants to hang up.", { reason: { type: "string" } })];
    if (this.p.canExtend()) out.push(fn("extend_call", "Add five more minutes to this call after the caller said yes to more time. Costs the caller credits.", { minutes: { type: "integer", enum: [5] } }, ["minutes"]));
    if (this.p.agenda) {
      out.push(
        fn("schedule_call", "Schedule one more call from you to this caller, at a local date and time they asked for.", { local_datetime: { type: "string", description: "YYYY-MM-DDTHH:MM in the caller's time zone" } }, ["local_datetime"]),
        fn("snooze_next_call", "Move the caller's next scheduled call later by some minutes.", { minutes: { type: "integer", minimum: 5, maximum: 1440 } }, ["minutes"]),
        fn("stop_schedule", "Stop the caller's scheduled calls: only the next one, or all of them.", { which: { type: "string", enum: ["next", "all"] } }, ["which"]),
      );
    }
    return out;
  }

  async run(name: string, argsJson: string): Promise<ToolResult> {
    const offered = new Set(this.specs().map((s) => s.function.name));
    if (!offered.has(name) || !(name in SCHEMAS)) {
      this.p.log(`refused tool "${name.slice(0, 60)}": not offered`);
      return { content: `The tool "${name.slice(0, 60)}" does not exist. You cannot do that; tell the caller kindly.` };
    }
    let args: unknown;
    try {
      args = JSON.parse(argsJson || "{}");
    } catch {
      return { content: "Invalid arguments. Nothing was done." };
    }
    const parsed = SCHEMAS[name as ToolName].safeParse(args);
    if (!parsed.success) {
      this.p.log(`refused tool "${name}": ${parsed.error.issues[0]?.message}`);
      return { content: `Those arguments are not allowed (${parsed.error.issues[0]?.path.join(".") || "arguments"}). Nothing was done. You can only act on this caller's own calls.` };
    }
    switch (name as ToolName) {
      case "end_call":
        return { content: "The call will end after your goodbye.", effect: "end_call" };
      case "extend_call": {
        const r = await this.p.extend();
        return { content: r.message };
      }
      case "schedule_call": {
        const r = await this.p.agenda!.scheduleOnce((parsed.data as { local_datetime: string }).local_datetime);
        return { content: r.message };
      }
      case "snooze_next_call": {
        const r = await this.p.agenda!.snoozeNext((parsed.data as { minutes: number }).minutes);
        return { content: r.message };
      }
      case "stop_schedule": {
        const r = await this.p.agenda!.stop((parsed.data as { which: "next" | "all" }).which);
        return { content: r.message };
      }
    }
  }
}
