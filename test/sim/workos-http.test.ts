// The WorkOS simulator over plain HTTP: the sign-in page, code and refresh-token rules, the
// JWT it signs, and the control routes.
import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./sim-harness.ts";
import { signInThroughPage } from "./workos-sign-in.ts";

let h: Harness;
const CLIENT_ID = "client_01SIMULATOR0000000000000000";
const SECRET = "sk_test_sim_workos_key";

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.control("POST", "/reset"));

const authorizeUrl = (extra: Record<string, string> = {}) =>
  `${h.urls.workos}/user_management/authorize?${new URLSearchParams({ response_type: "code", client_id: CLIENT_ID, redirect_uri: "http://app.test/cb", provider: "authkit", state: "s", ...extra })}`;
const authenticate = (body: object) =>
  fetch(`${h.urls.workos}/user_management/authenticate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ client_id: CLIENT_ID, client_secret: SECRET, ...body }) });
async function codeFor(email: string, extra: Record<string, string> = {}) {
  return (await signInThroughPage(authorizeUrl(extra), email)).searchParams.get("code") ?? "";
}

describe("the hosted sign-in page", () => {
  it("is a labelled form with email and name inputs and a Continue button, prefilled from login_hint", async () => {
    const start = await fetch(authorizeUrl({ login_hint: "ada@example.com", screen_hint: "sign-up" }), { redirect: "manual" });
    const html = await (await fetch(new URL(start.headers.get("location") ?? "", h.urls.workos))).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<label for="email">Email<\/label>\s*<input id="email" name="email" type="email"[^>]*value="ada@example.com"/);
    expect(html).toMatch(/<label for="name">Name<\/label>\s*<input id="name" name="name"/);
    expect(html).toMatch(/<button type="submit">Continue<\/button>/);
    expect(html).toContain("Create your account");
  });

  it("refuses a bad authorization request", async () => {
    expect((await fetch(authorizeUrl({ client_id: "client_other" }))).status).toBe(400);
    expect((await fetch(authorizeUrl({ redirect_uri: "not a url" }))).status).toBe(400);
    expect((await fetch(authorizeUrl({ response_type: "token" }))).status).toBe(400);
  });

  it("re-shows the form with an alert for an invalid email", async () => {
    const start = await fetch(authorizeUrl(), { redirect: "manual" });
    const id = new URL(start.headers.get("location") ?? "", h.urls.workos).searchParams.get("request") ?? "";
    const res = await fetch(`${h.urls.workos}/sign-in`, { method: "POST", body: new URLSearchParams({ request: id, email: "nope", name: "" }), redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('role="alert"');
  });
});

describe("authorization codes", () => {
  it("are single-use", async () => {
    const code = await codeFor("ada@example.com");
    const first = await authenticate({ grant_type: "authorization_code", code });
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({ user: { object: "user", email: "ada@example.com" }, authentication_method: "MagicAuth", organization_id: expect.stringMatching(/^org_/) });
    expect(typeof body.refresh_token).toBe("string");
    const second = await authenticate({ grant_type: "authorization_code", code });
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({ error: "invalid_grant", error_description: `The code '${code}' has expired or is invalid.` });
  });

  it("expire", async () => {
    await h.control("POST", "/workos/settings", { codeTtlSeconds: 0.2 });
    const code = await codeFor("ada@example.com");
    await new Promise((r) => setTimeout(r, 300));
    expect((await authenticate({ grant_type: "authorization_code", code })).status).toBe(400);
  });

  it("need the right client and secret", async () => {
    const code = await codeFor("ada@example.com");
    const wrongSecret = await authenticate({ grant_type: "authorization_code", code, client_secret: "sk_test_wrong" });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: "invalid_client", error_description: "Invalid client secret." });
    expect((await authenticate({ grant_type: "authorization_code", code, client_id: "client_other" })).status).toBe(400);
    expect(await (await authenticate({ grant_type: "password", email: "a@b.c" })).json()).toMatchObject({ error: "unsupported_grant_type" });
  });
});

describe("tokens", () => {
  it("signs an RS256 access token with a kid from the JWKS and the session claims", async () => {
    const body = await (await authenticate({ grant_type: "authorization_code", code: await codeFor("ada@example.com") })).json();
    const [head, payload, sig] = body.access_token.split(".");
    const header = JSON.parse(Buffer.from(head, "base64url").toString());
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const jwks = await (await fetch(`${h.urls.workos}/sso/jwks/${CLIENT_ID}`)).json();
    const jwk = jwks.keys.find((k: { kid: string }) => k.kid === header.kid);
    expect(header).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(jwk).toMatchObject({ kty: "RSA", use: "sig", alg: "RS256", e: "AQAB" });
    expect(verify("RSA-SHA256", Buffer.from(`${head}.${payload}`), createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(sig, "base64url"))).toBe(true);
    expect(claims).toMatchObject({ sub: body.user.id, sid: expect.stringMatching(/^session_/), org_id: body.organization_id, role: "member", iss: `${h.urls.workos}/user_management/${CLIENT_ID}` });
    expect(claims.exp - claims.iat).toBe(300);
  });

  it("rotates refresh tokens: a used one is already exchanged", async () => {
    const first = await (await authenticate({ grant_type: "authorization_code", code: await codeFor("ada@example.com") })).json();
    const r1 = await authenticate({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(r1.status).toBe(200);
    const next = await r1.json();
    expect(next.refresh_token).not.toBe(first.refresh_token);
    const reused = await authenticate({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ error: "invalid_grant", error_description: "Refresh token already exchanged." });
  });

  it("fails the next refreshes with 5xx when told to", async () => {
    const first = await (await authenticate({ grant_type: "authorization_code", code: await codeFor("ada@example.com") })).json();
    await h.control("POST", "/workos/fail-refreshes", { count: 2, status: 503 });
    expect((await authenticate({ grant_type: "refresh_token", refresh_token: first.refresh_token })).status).toBe(503);
    expect((await authenticate({ grant_type: "refresh_token", refresh_token: first.refresh_token })).status).toBe(503);
    expect((await authenticate({ grant_type: "refresh_token", refresh_token: first.refresh_token })).status).toBe(200);
  });
});

describe("API and control routes", () => {
  it("needs the API key as a Bearer token", async () => {
    const res = await fetch(`${h.urls.workos}/user_management/users/user_x`, { headers: { authorization: "Bearer wrong" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("lists users and sessions, and revokes a session", async () => {
    await codeFor("ada@example.com").then((code) => authenticate({ grant_type: "authorization_code", code }));
    const users = await h.control<Array<{ email: string }>>("GET", "/workos/users");
    expect(users.map((u) => u.email)).toEqual(["ada@example.com"]);
    const [session] = await h.control<Array<{ id: string; status: string }>>("GET", "/workos/sessions");
    expect(session.status).toBe("active");
    expect(await h.control("POST", "/workos/revoke-session", { session_id: session.id })).toMatchObject({ status: "inactive" });
  });

  it("shows a signed-out page when logout has no return_to", async () => {
    const res = await fetch(`${h.urls.workos}/user_management/sessions/logout?session_id=session_x`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("signed out");
  });
});
