// Everything the WorkOS simulator remembers: users (one per email), pending authorization
// requests, single-use codes, sessions and their rotating refresh tokens.
import { newId, secret } from "./ids.ts";

export interface User {
  object: "user";
  id: string;
  email: string;
  email_verified: boolean;
  first_name: string | null;
  last_name: string | null;
  profile_picture_url: string | null;
  last_sign_in_at: string | null;
  locale: string | null;
  external_id: string | null;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string;
}

export interface AuthRequest {
  id: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  loginHint?: string;
  screenHint?: string;
  provider: string;
  createdAt: number;
}

export interface AuthCode {
  code: string;
  userId: string;
  clientId: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  authenticationMethod: string;
  expiresAt: number;
  used: boolean;
}

export interface Session {
  id: string;
  userId: string;
  organizationId: string;
  role: string;
  authenticationMethod: string;
  createdAt: number;
  expiresAt: number;
  endedAt?: number;
  /** The one refresh token that is valid now; earlier ones are "already exchanged". */
  refreshToken: string;
  ipAddress?: string;
  userAgent?: string;
}

export interface Settings {
  accessTokenTtlSeconds: number;
  codeTtlSeconds: number;
  sessionTtlSeconds: number;
}

export const DEFAULT_SETTINGS: Settings = { accessTokenTtlSeconds: 300, codeTtlSeconds: 600, sessionTtlSeconds: 30 * 24 * 3600 };

const iso = (ms: number) => new Date(ms).toISOString();

export class WorkosStore {
  users = new Map<string, User>();
  requests = new Map<string, AuthRequest>();
  codes = new Map<string, AuthCode>();
  sessions = new Map<string, Session>();
  /** Every refresh token ever issued → its session, to tell "rotated" from "unknown". */
  refreshTokens = new Map<string, string>();
  settings: Settings = { ...DEFAULT_SETTINGS };
  failRefreshes = { count: 0, status: 503 };
  /** Every user belongs to this one organization, so tokens carry org_id and role. */
  readonly organization = { id: newId("org"), name: "Call Me Back (simulated)" };

  userByEmail(email: string): User | undefined {
    for (const u of this.users.values()) if (u.email === email) return u;
    return undefined;
  }

  /** The same email always signs in as the same user. */
  signIn(email: string, name: string): User {
    const now = Date.now();
    const [first, ...rest] = name.trim().split(/\s+/).filter(Boolean);
    const existing = this.userByEmail(email);
    if (existing) {
      existing.last_sign_in_at = iso(now);
      existing.updated_at = iso(now);
      if (first && !existing.first_name) {
        existing.first_name = first;
        existing.last_name = rest.join(" ") || null;
      }
      return existing;
    }
    const user: User = {
      object: "user",
      id: newId("user"),
      email,
      email_verified: true,
      first_name: first ?? null,
      last_name: rest.join(" ") || null,
      profile_picture_url: null,
      last_sign_in_at: iso(now),
      locale: null,
      external_id: null,
      metadata: {},
      created_at: iso(now),
      updated_at: iso(now),
    };
    this.users.set(user.id, user);
    return user;
  }

  issueCode(req: AuthRequest, userId: string): AuthCode {
    const code: AuthCode = {
      code: secret(20),
      userId,
      clientId: req.clientId,
      codeChallenge: req.codeChallenge,
      codeChallengeMethod: req.codeChallengeMethod,
      authenticationMethod: req.provider === "authkit" ? "MagicAuth" : req.provider,
      expiresAt: Date.now() + this.settings.codeTtlSeconds * 1000,
      used: false,
    };
    this.codes.set(code.code, code);
    return code;
  }

  startSession(userId: string, authenticationMethod: string, meta: { ipAddress?: string; userAgent?: string }): Session {
    const now = Date.now();
    const s: Session = {
      id: newId("session"),
      userId,
      organizationId: this.organization.id,
      role: "member",
      authenticationMethod,
      createdAt: now,
      expiresAt: now + this.settings.sessionTtlSeconds * 1000,
      refreshToken: "",
      ...meta,
    };
    this.sessions.set(s.id, s);
    this.rotate(s);
    return s;
  }

  rotate(s: Session): string {
    s.refreshToken = secret(24);
    this.refreshTokens.set(s.refreshToken, s.id);
    return s.refreshToken;
  }

  endSession(id: string): Session | undefined {
    const s = this.sessions.get(id);
    if (s && !s.endedAt) s.endedAt = Date.now();
    return s;
  }

  deleteUser(id: string): boolean {
    if (!this.users.delete(id)) return false;
    for (const s of this.sessions.values()) if (s.userId === id) this.endSession(s.id);
    return true;
  }

  sessionView(s: Session) {
    return {
      object: "session",
      id: s.id,
      user_id: s.userId,
      organization_id: s.organizationId,
      status: s.endedAt ? "inactive" : s.expiresAt < Date.now() ? "expired" : "active",
      auth_method: s.authenticationMethod,
      ip_address: s.ipAddress ?? null,
      user_agent: s.userAgent ?? null,
      expires_at: iso(s.expiresAt),
      ended_at: s.endedAt ? iso(s.endedAt) : null,
      created_at: iso(s.createdAt),
      updated_at: iso(s.endedAt ?? s.createdAt),
    };
  }

  reset(): void {
    this.users.clear();
    this.requests.clear();
    this.codes.clear();
    this.sessions.clear();
    this.refreshTokens.clear();
    this.settings = { ...DEFAULT_SETTINGS };
    this.failRefreshes = { count: 0, status: 503 };
  }
}
