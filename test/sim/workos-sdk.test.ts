// The official @workos-inc/node, unmodified, against the simulator: authorization URL, the
// hosted page, code exchange with a sealed session, cookie authentication, refresh, logout.
import { WorkOS } from "@workos-inc/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./sim-harness.ts";
import { signInThroughPage } from "./workos-sign-in.ts";

let h: Harness;
let workos: WorkOS;
const CLIENT_ID = "client_01SIMULATOR0000000000000000";
const cookiePassword = "a-cookie-password-of-at-least-32-characters";
const redirectUri = "http://app.test/auth/callback";

beforeAll(async () => {
  h = await startHarness();
  const u = new URL(h.urls.workos);
  workos = new WorkOS("sk_test_sim_workos_key", { clientId: CLIENT_ID, apiHostname: u.hostname, port: Number(u.port), https: false });
});
afterAll(() => h.close());
beforeEach(() => h.control("POST", "/reset"));

async function signIn(email: string) {
  const url = workos.userManagement.getAuthorizationUrl({ provider: "authkit", redirectUri, state: "st-1", screenHint: "sign-in", loginHint: email });
  const back = await signInThroughPage(url, email);
  expect(back.origin + back.pathname).toBe(redirectUri);
  expect(back.searchParams.get("state")).toBe("st-1");
  return workos.userManagement.authenticateWithCode({ code: back.searchParams.get("code") ?? "", session: { sealSession: true, cookiePassword } });
}

describe("@workos-inc/node", () => {
  it("signs in through the hosted page and authenticates the sealed session cookie", async () => {
    const auth = await signIn("ada@example.com");
    expect(auth.user).toMatchObject({ email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", emailVerified: true });
    expect(auth.user.id).toMatch(/^user_[0-9A-Z]{26}$/);
    expect(auth.sealedSession).toBeTruthy();
    const session = workos.userManagement.loadSealedSession({ sessionData: auth.sealedSession ?? "", cookiePassword });
    const result = await session.authenticate();
    expect(result).toMatchObject({ authenticated: true, user: { email: "ada@example.com" }, role: "member", organizationId: auth.organizationId });
    if (!result.authenticated) return;
    expect(result.sessionId).toMatch(/^session_/);
    const user = await workos.userManagement.getUser(auth.user.id);
    expect(user.email).toBe("ada@example.com");
  });

  it("gives the same user id to the same email", async () => {
    const a = await signIn("grace@example.com");
    const b = await signIn("Grace@Example.com");
    expect(b.user.id).toBe(a.user.id);
  });

  it("refreshes after the access token expires", async () => {
    await h.control("POST", "/workos/settings", { accessTokenTtlSeconds: 1 });
    const auth = await signIn("ada@example.com");
    const session = workos.userManagement.loadSealedSession({ sessionData: auth.sealedSession ?? "", cookiePassword });
    expect((await session.authenticate()).authenticated).toBe(true);
    await new Promise((r) => setTimeout(r, 2100));
    expect(await session.authenticate()).toEqual({ authenticated: false, reason: "invalid_jwt" });
    const refreshed = await session.refresh();
    expect(refreshed.authenticated).toBe(true);
    if (!refreshed.authenticated) return;
    expect(refreshed.sealedSession).not.toBe(auth.sealedSession);
    const again = workos.userManagement.loadSealedSession({ sessionData: refreshed.sealedSession ?? "", cookiePassword });
    expect((await again.authenticate()).authenticated).toBe(true);
  });

  it("revokes the session through the logout URL, so refresh fails with invalid_grant", async () => {
    const auth = await signIn("ada@example.com");
    const session = workos.userManagement.loadSealedSession({ sessionData: auth.sealedSession ?? "", cookiePassword });
    const logoutUrl = await session.getLogoutUrl({ returnTo: "http://app.test/bye" });
    const res = await fetch(logoutUrl, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://app.test/bye");
    expect(await session.refresh()).toMatchObject({ authenticated: false, reason: "invalid_grant" });
    const sessions = await h.control<Array<{ status: string }>>("GET", "/workos/sessions");
    expect(sessions.map((s) => s.status)).toEqual(["inactive"]);
  });

  it("supports PKCE for public clients", async () => {
    const publicClient = new WorkOS({ clientId: CLIENT_ID, apiHostname: new URL(h.urls.workos).hostname, port: Number(new URL(h.urls.workos).port), https: false });
    const { url, codeVerifier, state } = await publicClient.userManagement.getAuthorizationUrlWithPKCE({ provider: "authkit", redirectUri });
    const back = await signInThroughPage(url, "pkce@example.com");
    expect(back.searchParams.get("state")).toBe(state);
    await expect(publicClient.userManagement.authenticateWithCode({ code: back.searchParams.get("code") ?? "", codeVerifier: "wrong-verifier-wrong-verifier-wrong-verifier" })).rejects.toMatchObject({
      error: "invalid_grant",
    });
    const back2 = await signInThroughPage((await publicClient.userManagement.getAuthorizationUrlWithPKCE({ provider: "authkit", redirectUri })).url, "pkce@example.com");
    await expect(publicClient.userManagement.authenticateWithCode({ code: back2.searchParams.get("code") ?? "", codeVerifier })).rejects.toMatchObject({ error: "invalid_grant" });
    const { url: url3, codeVerifier: v3 } = await publicClient.userManagement.getAuthorizationUrlWithPKCE({ provider: "authkit", redirectUri });
    const back3 = await signInThroughPage(url3, "pkce@example.com");
    const ok = await publicClient.userManagement.authenticateWithCode({ code: back3.searchParams.get("code") ?? "", codeVerifier: v3 });
    expect(ok.user.email).toBe("pkce@example.com");
  });

  it("revokes sessions and deletes users through the API", async () => {
    const auth = await signIn("ada@example.com");
    const session = workos.userManagement.loadSealedSession({ sessionData: auth.sealedSession ?? "", cookiePassword });
    const who = await session.authenticate();
    if (!who.authenticated) throw new Error("not authenticated");
    await workos.userManagement.revokeSession({ sessionId: who.sessionId });
    expect(await session.refresh()).toMatchObject({ authenticated: false, reason: "invalid_grant" });
    await workos.userManagement.deleteUser(auth.user.id);
    await expect(workos.userManagement.getUser(auth.user.id)).rejects.toMatchObject({ status: 404 });
  });
});
