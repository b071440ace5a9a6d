// Deleting an account cascades its Neon rows (schedules, schedule_runs) but not the agenda
// object's own SQLite and alarm: this clears them, so no alarm fires for a person who left.
import type { AccountDeletionHook } from "../../worker/account/deletion-hooks.ts";
import { agendaStub } from "./stub.ts";

export const clearAgenda: AccountDeletionHook = {
  name: "clear the agenda",
  run: ({ env, userId }) => agendaStub(env, userId).clear(),
};
