// Where a call reaches beyond itself: the caller's agenda (scheduling by voice) and the work
// after a call ends (summary and memories, the scheduled occurrence's outcome). Each is
// filled in by the feature that owns it.
import type { CallSetup } from "./call-info.ts";
import type { CallOutcome } from "./call-controller.ts";
import { rememberAfterCall } from "./remember-after-call.ts";
import type { ToolPowers } from "./tools.ts";

export function agendaPowers(_env: Env, _setup: CallSetup): ToolPowers["agenda"] {
  return undefined;
}

export async function afterCall(env: Env, outcome: CallOutcome): Promise<void> {
  await rememberAfterCall(env, outcome);
}
