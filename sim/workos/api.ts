// The Bearer-authenticated API routes the product calls besides /authenticate: users,
// sessions (revoke, list) — and the two browser-facing ones, JWKS and the logout redirect.
import type { ServerResponse } from "node:http";
import type { SimRequest } from "../core/server.ts";
import { notFound, send, unauthorized } from "./errors.ts";
import type { SigningKey } from "./keys.ts";
import { messagePage } from "./sign-in-page.ts";
import type { WorkosStore } from "./store.ts";

export interface ApiDeps {
  store: WorkosStore;
  key: SigningKey;
  clientId: string;
  apiKey: string;
}

const bearerOk = (req: SimRequest, apiKey: string) => /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1].trim() === apiKey;

function jsonBody(req: SimRequest): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(req.body || "{}");
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function list<T>(data: T[]) {
  return { object: "list", data, list_metadata: { before: null, after: null } };
}

/** Answers the request if it is one of these routes; false otherwise. */
export function handleApi(req: SimRequest, res: ServerResponse, deps: ApiDeps): boolean {
  const { store } = deps;
  const { method, path } = req;

  const jwks = /^\/sso\/jwks\/([^/]+)$/.exec(path);
  if (method === "GET" && jwks) {
    if (decodeURIComponent(jwks[1]) !== deps.clientId) send(res, 404, notFound("Client", decodeURIComponent(jwks[1])));
    else send(res, 200, deps.key.jwks());
    return true;
  }

  if (method === "GET" && path === "/user_management/sessions/logout") {
    const id = req.url.searchParams.get("session_id");
    if (!id) {
      send(res, 400, { message: "session_id is required.", code: "invalid_request" });
      return true;
    }
    store.endSession(id);
    const returnTo = req.url.searchParams.get("return_to");
    if (returnTo) res.writeHead(302, { location: returnTo, "content-length": "0" }).end();
    else {
      const page = messagePage("Signed out", "You have been signed out.");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    }
    return true;
  }

  if (!path.startsWith("/user_management/")) return false;
  if (path === "/user_management/authorize" || path === "/user_management/authenticate") return false;
  if (!bearerOk(req, deps.apiKey)) {
    send(res, 401, unauthorized());
    return true;
  }

  if (method === "POST" && path === "/user_management/sessions/revoke") {
    const id = jsonBody(req).session_id;
    const s = typeof id === "string" ? store.endSession(id) : undefined;
    if (!s) send(res, 404, notFound("Session", String(id ?? "")));
    else send(res, 200, {});
    return true;
  }

  if (method === "GET" && path === "/user_management/users") {
    const email = req.url.searchParams.get("email")?.toLowerCase();
    send(res, 200, list([...store.users.values()].filter((u) => !email || u.email === email)));
    return true;
  }

  const sessions = /^\/user_management\/users\/([^/]+)\/sessions$/.exec(path);
  if (method === "GET" && sessions) {
    const id = decodeURIComponent(sessions[1]);
    if (!store.users.has(id)) send(res, 404, notFound("User", id));
    else send(res, 200, list([...store.sessions.values()].filter((s) => s.userId === id).map((s) => store.sessionView(s))));
    return true;
  }

  const user = /^\/user_management\/users\/([^/]+)$/.exec(path);
  if (user && (method === "GET" || method === "DELETE")) {
    const id = decodeURIComponent(user[1]);
    const found = store.users.get(id);
    if (!found) send(res, 404, notFound("User", id));
    else if (method === "GET") send(res, 200, found);
    else {
      store.deleteUser(id);
      send(res, 200, {});
    }
    return true;
  }
  return false;
}
