// Reading a sealed WorkOS session, shared by the API worker and the SvelteKit server so both
// see the same signed-in person. An expired access token is refreshed transparently; a
// transient refresh failure is retried, never turned into a sign-out.
import type { WorkOS } from "@workos-inc/node";

export type SessionResult =
  | { kind: "ok"; workosUserId: string; sessionId: string; email: string; firstName: string | null; lastName: string | null; refreshedCookie?: string }
  | { kind: "signed_out"; reason: string }
  | { kind: "unavailable"; reason: string };

const RETRY_DELAYS_MS = [150, 500];

export async function resolveSession(workos: WorkOS, sealed: string | undefined, cookiePassword: string): Promise<SessionResult> {
  if (!sealed) return { kind: "signed_out", reason: "no_session_cookie_provided" };
  const session = workos.userManagement.loadSealedSession({ sessionData: sealed, cookiePassword });
  const auth = await session.authenticate();
  if (auth.authenticated) {
    return { kind: "ok", workosUserId: auth.user.id, sessionId: auth.sessionId, email: auth.user.email, firstName: auth.user.firstName, lastName: auth.user.lastName };
  }
  if (auth.reason !== "invalid_jwt") return { kind: "signed_out", reason: auth.reason };
  // The access token expired: trade the refresh token for a new one.
  for (let attempt = 0; ; attempt++) {
    const r = await session.refresh({ cookiePassword });
    if (r.authenticated && r.sealedSession) {
      return {
        kind: "ok",
        workosUserId: r.user.id,
        sessionId: r.sessionId,
        email: r.user.email,
        firstName: r.user.firstName,
        lastName: r.user.lastName,
        refreshedCookie: r.sealedSession,
      };
    }
    if (r.authenticated) return { kind: "signed_out", reason: "refresh_returned_no_session" };
    if (!r.retryable) return { kind: "signed_out", reason: r.reason };
    if (attempt >= RETRY_DELAYS_MS.length) return { kind: "unavailable", reason: r.reason };
    await new Promise((res) => setTimeout(res, RETRY_DELAYS_MS[attempt]));
  }
}
