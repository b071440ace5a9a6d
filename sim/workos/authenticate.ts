// POST /user_management/authenticate: the authorization_code and refresh_token grants.
// Codes are single-use and expire (10 min); PKCE verifiers are checked; refresh tokens rotate
// (a used one is "already exchanged") and die with their session.
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { SimRequest } from "../core/server.ts";
import { errorForStatus, oauthError, send } from "./errors.ts";
import { newId } from "./ids.ts";
import type { SigningKey } from "./keys.ts";
import type { Session, WorkosStore } from "./store.ts";

type Grant =
  | { grant_type: "authorization_code"; client_id: string; client_secret?: string; code: string; code_verifier?: string; ip_address?: string; user_agent?: string }
  | { grant_type: "refresh_token"; client_id: string; client_secret?: string; refresh_token: string; organization_id?: string; ip_address?: string; user_agent?: string };

type Parsed = { ok: true; grant: Grant } | { ok: false; status: number; body: unknown };

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** JSON (what the SDK sends) or form-encoded (what plain OAuth clients send). */
function parseGrant(req: SimRequest): Parsed {
  let raw: Record<string, unknown>;
  try {
    const type = req.headers["content-type"] ?? "";
    raw = type.includes("application/x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(req.body)) : (JSON.parse(req.body || "{}") as Record<string, unknown>);
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new Error("not an object");
  } catch {
    return { ok: false, status: 400, body: oauthError("invalid_request", "The request body could not be parsed.") };
  }
  const client_id = str(raw.client_id);
  if (!client_id) return { ok: false, status: 400, body: oauthError("invalid_request", "client_id is required.") };
  const common = { client_id, client_secret: str(raw.client_secret), ip_address: str(raw.ip_address), user_agent: str(raw.user_agent) };
  switch (raw.grant_type) {
    case "authorization_code": {
      const code = str(raw.code);
      if (!code) return { ok: false, status: 400, body: oauthError("invalid_request", "code is required.") };
      return { ok: true, grant: { grant_type: "authorization_code", ...common, code, code_verifier: str(raw.code_verifier) } };
    }
    case "refresh_token": {
      const refresh_token = str(raw.refresh_token);
      if (!refresh_token) return { ok: false, status: 400, body: oauthError("invalid_request", "refresh_token is required.") };
      return { ok: true, grant: { grant_type: "refresh_token", ...common, refresh_token, organization_id: str(raw.organization_id) } };
    }
    default:
      return { ok: false, status: 400, body: oauthError("unsupported_grant_type", `Unsupported grant type "${String(raw.grant_type)}".`) };
  }
}

export interface AuthDeps {
  store: WorkosStore;
  key: SigningKey;
  clientId: string;
  apiKey: string;
  issuer: () => string;
}

function verifierMatches(challenge: string, method: string | undefined, verifier: string): boolean {
  const computed = method === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
  return computed === challenge;
}

function tokenResponse(deps: AuthDeps, s: Session) {
  const now = Math.floor(Date.now() / 1000);
  const access_token = deps.key.sign({
    iss: deps.issuer(),
    sub: s.userId,
    sid: s.id,
    jti: newId("jti").slice(4),
    org_id: s.organizationId,
    role: s.role,
    roles: [s.role],
    permissions: [],
    entitlements: [],
    feature_flags: [],
    iat: now,
    exp: now + deps.store.settings.accessTokenTtlSeconds,
  });
  return {
    user: deps.store.users.get(s.userId),
    organization_id: s.organizationId,
    access_token,
    refresh_token: s.refreshToken,
    authentication_method: s.authenticationMethod,
  };
}

export function handleAuthenticate(req: SimRequest, res: ServerResponse, deps: AuthDeps): void {
  const parsed = parseGrant(req);
  if (!parsed.ok) return send(res, parsed.status, parsed.body);
  const g = parsed.grant;
  const { store } = deps;
  if (g.client_id !== deps.clientId) return send(res, 400, oauthError("invalid_client", `Invalid client ID '${g.client_id}'.`));
  if (g.client_secret !== undefined && g.client_secret !== deps.apiKey) return send(res, 401, oauthError("invalid_client", "Invalid client secret."));
  const meta = { ipAddress: g.ip_address, userAgent: g.user_agent };

  if (g.grant_type === "authorization_code") {
    const code = store.codes.get(g.code);
    const invalid = () => send(res, 400, oauthError("invalid_grant", `The code '${g.code}' has expired or is invalid.`));
    if (!code || code.used || code.expiresAt < Date.now() || code.clientId !== g.client_id) return invalid();
    if (code.codeChallenge) {
      if (!g.code_verifier) return send(res, 400, oauthError("invalid_grant", "code_verifier is required for this authorization code."));
      if (!verifierMatches(code.codeChallenge, code.codeChallengeMethod, g.code_verifier)) return send(res, 400, oauthError("invalid_grant", "The code_verifier does not match the code_challenge."));
    } else if (g.client_secret === undefined) {
      return send(res, 400, oauthError("invalid_client", "client_secret is required."));
    }
    code.used = true;
    if (!store.users.has(code.userId)) return invalid();
    return send(res, 200, tokenResponse(deps, store.startSession(code.userId, code.authenticationMethod, meta)));
  }

  if (store.failRefreshes.count > 0) {
    store.failRefreshes.count--;
    return send(res, store.failRefreshes.status, errorForStatus(store.failRefreshes.status, "Internal Server Error"));
  }
  const sessionId = store.refreshTokens.get(g.refresh_token);
  const s = sessionId ? store.sessions.get(sessionId) : undefined;
  if (!s) return send(res, 400, oauthError("invalid_grant", "Refresh token not found."));
  if (s.endedAt || s.expiresAt < Date.now()) return send(res, 400, oauthError("invalid_grant", "Session has already ended."));
  if (s.refreshToken !== g.refresh_token) return send(res, 400, oauthError("invalid_grant", "Refresh token already exchanged."));
  if (g.organization_id && g.organization_id !== s.organizationId) return send(res, 400, oauthError("invalid_grant", "The user is not a member of the requested organization."));
  store.rotate(s);
  Object.assign(s, { ipAddress: meta.ipAddress ?? s.ipAddress, userAgent: meta.userAgent ?? s.userAgent });
  send(res, 200, tokenResponse(deps, s));
}
