import type { UserAgenda } from "./index.ts";

/** The agenda of one user, named by the user's id. */
export function agendaStub(env: Env, userId: string): DurableObjectStub<UserAgenda> {
  return env.USER_AGENDA.get(env.USER_AGENDA.idFromName(userId));
}
