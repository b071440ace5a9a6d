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

const LOCAL_DATETIME = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
  .refine((v) => {
    // A real wall-clock time: Date.UTC rolls "2026-02-30T25:00" over, which this catches.
    const [y, mo, d, h, mi] = v.split(/[-T:]/).map(Number);
    const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
    return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi;
  }, "not a real date and time");

const SCHEMAS = {
  end_call: z.strictObject({ reason: z.string().max(200).optional() }),
  extend_call: z.strictObject({ minutes: z.literal(5) }),
  schedule_call: z.strictObject({ local_datetime: LOCAL_DATETIME }),
  snooze_next_call: z.strictObject({ minutes: z.number().int().min(5).max(24 * 60) }),
  stop_schedule: z.strictObject({ which: z.enum(["next", "all"]) }),
} as const;

type ToolName = keyof typeof SCHEMAS;
type ToolArgs = { [K in ToolName]: { name: K; args: z.infer<(typeof SCHEMAS)[K]> } }[ToolName];

/**
 * How often each tool may take effect in one call. A model talked (or prompt-injected) into a
 * loop must not be able to stack schedules or hammer billing; a person never needs more.
 */
export const TOOL_LIMITS: Record<ToolName, number> = { end_call: 5, extend_call: 3, schedule_call: 3, snooze_next_call: 3, stop_schedule: 3 };
/** Every tool request in a call, refused ones included. */
export const MAX_TOOL_REQUESTS_PER_CALL = 30;
const MAX_ARGUMENT_CHARS = 2_000;

const isToolName = (name: string): name is ToolName => Object.hasOwn(SCHEMAS, name);
const shown = (name: string) => name.replace(/[^\w.-]/g, "").slice(0, 60);

export class CallTools implements Tools {
  private readonly p: ToolPowers;
  private readonly used = new Map<ToolName, number>();
  private requests = 0;
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

  /** Check a request from the model; a refusal explains itself to the model, with no effect. */
  private check(name: string, argsJson: string): ToolArgs | ToolResult {
    if (++this.requests > MAX_TOOL_REQUESTS_PER_CALL) return this.refuse(name, "too many tool requests in this call", "No more actions are possible on this call. Nothing was done.");
    const offered = new Set(this.specs().map((s) => s.function.name));
    if (!isToolName(name) || !offered.has(name)) {
      return this.refuse(name, "not offered", `The tool "${shown(name)}" does not exist. You cannot do that; tell the caller kindly.`);
    }
    if (argsJson.length > MAX_ARGUMENT_CHARS) return this.refuse(name, "arguments too long", "Invalid arguments. Nothing was done.");
    let args: unknown;
    try {
      args = JSON.parse(argsJson || "{}");
    } catch {
      return this.refuse(name, "arguments are not JSON", "Invalid arguments. Nothing was done.");
    }
    const parsed = SCHEMAS[name].safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.refuse(name, issue?.message ?? "invalid", `Those arguments are not allowed (${issue?.path.join(".") || "arguments"}). Nothing was done. You can only act on this caller's own calls.`);
    }
    const uses = this.used.get(name) ?? 0;
    if (uses >= TOOL_LIMITS[name]) return this.refuse(name, "used too often", "That was already done as often as it can be on one call. Nothing more was done.");
    this.used.set(name, uses + 1);
    return { name, args: parsed.data } as ToolArgs;
  }

  private refuse(name: string, why: string, content: string): ToolResult {
    this.p.log(`refused tool "${shown(name)}": ${why}`);
    return { content };
  }

  async run(name: string, argsJson: string): Promise<ToolResult> {
    const req = this.check(name, argsJson);
    if ("content" in req) return req;
    switch (req.name) {
      case "end_call":
        return { content: "The call will end after your goodbye.", effect: "end_call" };
      case "extend_call":
        return { content: (await this.p.extend()).message };
      case "schedule_call":
        return { content: (await this.agenda().scheduleOnce(req.args.local_datetime)).message };
      case "snooze_next_call":
        return { content: (await this.agenda().snoozeNext(req.args.minutes)).message };
      case "stop_schedule":
        return { content: (await this.agenda().stop(req.args.which)).message };
      default: {
        const never: never = req;
        return never;
      }
    }
  }

  private agenda(): NonNullable<ToolPowers["agenda"]> {
    // Only offered (and so only reachable) when the agenda exists.
    if (!this.p.agenda) throw new Error("agenda tools are not available on this call");
    return this.p.agenda;
  }
}
