// Deleting an account: the hooks (live calls, agenda, billing), then the users row — every
// table cascades from it, and a session whose user row is gone stops working on the next
// request — then, best-effort, the identity at WorkOS: every session revoked (so no refresh
// token outlives the account) and the WorkOS user deleted.
import { createWorkos } from "../../core/auth/workos.ts";
import { deleteUser, getUser } from "../../core/db/users.ts";
import { accountDeletionHooks, type AccountDeletion } from "./deletion-hooks.ts";

export async function deleteAccount(d: AccountDeletion, currentSessionId: string | undefined): Promise<void> {
  const user = await getUser(d.db, d.userId);
  if (!user) return;
  for (const hook of accountDeletionHooks) {
    await hook.run(d).catch((e: unknown) => console.warn(`[account] deletion hook "${hook.name}" failed: ${(e as Error).message}`));
  }
  await deleteUser(d.db, d.userId);

  const workos = createWorkos(d.config).userManagement;
  const sessionIds = new Set<string>(currentSessionId ? [currentSessionId] : []);
  try {
    const list = await workos.listSessions(user.workosUserId);
    for (const s of await list.autoPagination()) if (s.status !== "revoked") sessionIds.add(s.id);
  } catch (e) {
    console.warn(`[account] listing sessions failed: ${(e as Error).message}`);
  }
  await Promise.all([...sessionIds].map((sessionId) => workos.revokeSession({ sessionId }).catch((e: unknown) => console.warn(`[account] session revoke failed: ${(e as Error).message}`))));
  await workos.deleteUser(user.workosUserId).catch((e: unknown) => console.warn(`[account] WorkOS user delete failed: ${(e as Error).message}`));
}
