// Work that must happen when an account is deleted, before its rows go (they cascade from
// `users`). Each hook is best-effort: a failure is logged and the deletion goes on, because a
// person's request to delete their data must not be blocked by a side system.
//
// Other parts of the product add theirs here:
//   - the agenda: clear the UserAgenda Durable Object's schedules and alarm for `userId`
//     (the schedules rows cascade, but the object's own SQLite and alarm do not);
//   - billing: cancel an active Stripe subscription / forget the customer.
import type { Config } from "../../core/config.ts";
import { isTerminal, listUserCalls } from "../../core/db/calls.ts";
import type { Pool } from "../../core/db/pool.ts";
import { callStub } from "../calls/stubs.ts";
import { cancelBilling } from "./cancel-billing.ts";
import { clearAgenda } from "../../durable-objects/user-agenda/account-deletion.ts";

export interface AccountDeletion {
  env: Env;
  config: Config;
  db: Pool;
  userId: string;
}

export type AccountDeletionHook = { name: string; run(d: AccountDeletion): Promise<void> };

/** A call in progress would try to settle against rows that are about to disappear. */
const hangUpLiveCalls: AccountDeletionHook = {
  name: "hang up live calls",
  async run({ env, db, userId }) {
    const live = (await listUserCalls(db, userId, 100)).filter((c) => !isTerminal(c.status));
    await Promise.all(live.map((c) => callStub(env, c.id).hangUp("account_deleted")));
  },
};

export const accountDeletionHooks: AccountDeletionHook[] = [hangUpLiveCalls, clearAgenda, cancelBilling];
