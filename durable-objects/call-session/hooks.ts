// Where a call reaches beyond itself: the caller's agenda (scheduling by voice) and the work
// after a call ends (summary and memories, the scheduled occurrence's outcome). Each is
// filled in by the feature that owns it.
import type { CallSetup } from "./call-info.ts";
import type { CallOutcome } from "./call-controller.ts";
import { agendaToolPowers, reportToAgenda } from "../user-agenda/call-hooks.ts";
import { rememberAfterCall } from "./remember-after-call.ts";
import type { ToolPowers } from "./tools.ts";

export function agendaPowers(env: Env, setup: CallSetup): ToolPowers["agenda"] {
  return agendaToolPowers(env, setup);
}

export async function afterCall(env: Env, outcome: CallOutcome): Promise<void> {
  await Promise.all([rememberAfterCall(env, outcome), reportToAgenda(env, outcome)]);
}
