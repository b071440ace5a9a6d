import type { CallSession } from "../../durable-objects/call-session/index.ts";

/** The CallSession of a call, named by the call's id. */
export function callStub(env: Env, callId: string): DurableObjectStub<CallSession> {
  return env.CALL_SESSION.get(env.CALL_SESSION.idFromName(callId));
}
