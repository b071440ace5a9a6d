// The agenda's side of a CallSession (wired in call-session/hooks.ts): the persona's tools
// act on the caller's own agenda only — the user id comes from the call's setup, never from
// the model — and a scheduled call's outcome goes back to the occurrence it was placed for.
import type { CallOutcome } from "../call-session/call-controller.ts";
import type { CallSetup } from "../call-session/call-info.ts";
import type { AgendaOutcome, ToolPowers } from "../call-session/tools.ts";
import { agendaStub } from "./stub.ts";

const UNREACHABLE: AgendaOutcome = { ok: false, message: "I couldn't reach your schedule just now, so nothing was changed. Please try again in the app." };

export function agendaToolPowers(env: Env, setup: CallSetup): NonNullable<ToolPowers["agenda"]> {
  const stub = () => agendaStub(env, setup.userId);
  const guard = (p: Promise<AgendaOutcome>) =>
    p.catch((e: unknown) => {
      console.warn(`[agenda] voice tool failed for call ${setup.callId}: ${(e as Error).message}`);
      return UNREACHABLE;
    });
  const caller = { userId: setup.userId, callId: setup.callId, personaId: setup.personaId, timeZone: setup.timeZone, lengthSeconds: setup.purchasedSeconds };
  return {
    scheduleOnce: (localDateTime) => guard(stub().voiceSchedule(caller, localDateTime)),
    snoozeNext: (minutes) => guard(stub().voiceSnooze(setup.userId, minutes, setup.timeZone)),
    stop: (which) => guard(stub().voiceStop(setup.userId, which, setup.timeZone)),
  };
}

/** A call placed for an occurrence ended: tell its agenda (which retries or settles it). */
export async function reportToAgenda(env: Env, outcome: CallOutcome): Promise<void> {
  const { setup } = outcome;
  if (!setup.scheduleRunId) return;
  await agendaStub(env, setup.userId).report(setup.userId, {
    callId: setup.callId,
    scheduleRunId: setup.scheduleRunId,
    answered: outcome.answered,
    status: outcome.status,
    endReason: outcome.endReason,
  });
}
