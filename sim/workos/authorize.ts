// GET /user_management/authorize → the hosted sign-in page → POST /sign-in → 302 back to the
// app's redirect_uri with ?code=…&state=…, as AuthKit does after a successful sign-in.
import type { ServerResponse } from "node:http";
import type { SimRequest } from "../core/server.ts";
import { newId } from "./ids.ts";
import { messagePage, signInPage } from "./sign-in-page.ts";
import type { AuthRequest, WorkosStore } from "./store.ts";

const REQUEST_TTL_MS = 10 * 60_000;

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": String(Buffer.byteLength(body)) }).end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "content-length": "0" }).end();
}

const isHttpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
};

export function handleAuthorize(req: SimRequest, res: ServerResponse, store: WorkosStore, clientId: string): void {
  const q = req.url.searchParams;
  const fail = (msg: string) => html(res, 400, messagePage("Invalid authorization request", msg));
  if (q.get("client_id") !== clientId) return fail(`Invalid client ID "${q.get("client_id") ?? ""}".`);
  const redirectUri = q.get("redirect_uri") ?? "";
  if (!isHttpUrl(redirectUri)) return fail("redirect_uri must be an absolute http(s) URL.");
  if (q.get("response_type") !== "code") return fail('response_type must be "code".');
  const provider = q.get("provider") ?? (q.get("connection_id") || q.get("organization_id") ? "SSO" : "");
  if (!provider) return fail("One of provider, connection_id or organization_id is required.");
  const method = q.get("code_challenge_method") ?? undefined;
  if (q.get("code_challenge") && method && method !== "S256" && method !== "plain") return fail('code_challenge_method must be "S256".');
  const ar: AuthRequest = {
    id: newId("auth_request"),
    clientId,
    redirectUri,
    state: q.get("state") ?? undefined,
    codeChallenge: q.get("code_challenge") ?? undefined,
    codeChallengeMethod: q.get("code_challenge") ? (method ?? "S256") : undefined,
    loginHint: q.get("login_hint") ?? undefined,
    screenHint: q.get("screen_hint") ?? undefined,
    provider,
    createdAt: Date.now(),
  };
  store.requests.set(ar.id, ar);
  // AuthKit lives on its own hosted domain; the simulator serves the page on its own port.
  redirect(res, `/sign-in?request=${encodeURIComponent(ar.id)}`);
}

function liveRequest(store: WorkosStore, id: string | null): AuthRequest | undefined {
  const ar = id ? store.requests.get(id) : undefined;
  return ar && Date.now() - ar.createdAt < REQUEST_TTL_MS ? ar : undefined;
}

export function handleSignInPage(req: SimRequest, res: ServerResponse, store: WorkosStore): void {
  const ar = liveRequest(store, req.url.searchParams.get("request"));
  if (!ar) return html(res, 400, messagePage("Sign-in link expired", "Start again from the app."));
  html(res, 200, signInPage({ requestId: ar.id, signUp: ar.screenHint === "sign-up", email: ar.loginHint }));
}

export function handleSignInSubmit(req: SimRequest, res: ServerResponse, store: WorkosStore): void {
  const form = new URLSearchParams(req.body);
  const ar = liveRequest(store, form.get("request"));
  if (!ar) return html(res, 400, messagePage("Sign-in link expired", "Start again from the app."));
  const email = (form.get("email") ?? "").trim().toLowerCase();
  const name = (form.get("name") ?? "").trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    return html(res, 400, signInPage({ requestId: ar.id, signUp: ar.screenHint === "sign-up", email, name, error: "Enter a valid email address." }));
  }
  const user = store.signIn(email, name);
  const code = store.issueCode(ar, user.id);
  store.requests.delete(ar.id);
  const back = new URL(ar.redirectUri);
  back.searchParams.set("code", code.code);
  if (ar.state !== undefined) back.searchParams.set("state", ar.state);
  redirect(res, back.toString());
}
