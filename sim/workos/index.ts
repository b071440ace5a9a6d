// The WorkOS AuthKit simulator: what @workos-inc/node calls, plus the hosted sign-in page.
//   GET  /user_management/authorize → 302 /sign-in (form: email, name, "Continue") → 302 redirect_uri?code&state
//   POST /user_management/authenticate (authorization_code | refresh_token)
//   GET  /sso/jwks/{clientId}   GET /user_management/sessions/logout?session_id&return_to
//   POST /user_management/sessions/revoke   GET|DELETE /user_management/users/{id}   GET /user_management/users[?email]
//   GET  /user_management/users/{id}/sessions
// Control routes (/workos/… on the control port):
//   GET  users | sessions
//   POST settings       {accessTokenTtlSeconds?, codeTtlSeconds?, sessionTtlSeconds?}
//   POST fail-refreshes {count?=1, status?=503}  (the SDK retries 500/502/504 itself, up to 3 times)
//   POST revoke-session {session_id}
import { sleep } from "../core/latency.ts";
import type { ControlInput, ProviderSim, SimContext } from "../core/types.ts";
import { handleApi } from "./api.ts";
import { handleAuthenticate } from "./authenticate.ts";
import { handleAuthorize, handleSignInPage, handleSignInSubmit } from "./authorize.ts";
import { errorForStatus, send } from "./errors.ts";
import { SigningKey } from "./keys.ts";
import { WorkosStore } from "./store.ts";

const positive = (v: unknown) => (typeof v === "number" && v > 0 ? v : undefined);

export function createWorkosSim(ctx: SimContext): ProviderSim {
  const store = new WorkosStore();
  const key = new SigningKey();
  const { apiKey, clientId } = ctx.credentials.workos;
  const issuer = () => `${ctx.urls().workos}/user_management/${clientId}`;

  const settings = ({ body }: ControlInput) => {
    const s = store.settings;
    s.accessTokenTtlSeconds = positive(body.accessTokenTtlSeconds) ?? s.accessTokenTtlSeconds;
    s.codeTtlSeconds = positive(body.codeTtlSeconds) ?? s.codeTtlSeconds;
    s.sessionTtlSeconds = positive(body.sessionTtlSeconds) ?? s.sessionTtlSeconds;
    return s;
  };

  return {
    name: ctx.name,
    handlers: {
      errorBody: (status, message) => ({ contentType: "application/json", body: JSON.stringify(errorForStatus(status, message)) }),
      async request(req, res) {
        const { method, path } = req;
        if (method === "GET" && path === "/user_management/authorize") return handleAuthorize(req, res, store, clientId);
        if (method === "GET" && path === "/sign-in") return handleSignInPage(req, res, store);
        if (method === "POST" && path === "/sign-in") return handleSignInSubmit(req, res, store);
        await sleep(ctx.latency.ms("workos.rest"));
        if (method === "POST" && path === "/user_management/authenticate") return handleAuthenticate(req, res, { store, key, clientId, apiKey, issuer });
        if (handleApi(req, res, { store, key, clientId, apiKey })) return;
        send(res, 404, { message: `Not Found: ${method} ${path}`, code: "not_found" });
      },
    },
    state: () => ({
      users: store.users.size,
      sessions: [...store.sessions.values()].filter((s) => !s.endedAt).length,
      settings: store.settings,
      failRefreshes: store.failRefreshes,
    }),
    reset: () => store.reset(),
    control: {
      users: () => [...store.users.values()],
      sessions: () => [...store.sessions.values()].map((s) => store.sessionView(s)),
      settings,
      "fail-refreshes": ({ body }) => {
        store.failRefreshes = { count: typeof body.count === "number" ? body.count : 1, status: typeof body.status === "number" ? body.status : 503 };
        return store.failRefreshes;
      },
      "revoke-session": ({ body }) => {
        const s = typeof body.session_id === "string" ? store.endSession(body.session_id) : undefined;
        if (!s) throw new Error(`no session "${String(body.session_id)}"`);
        return store.sessionView(s);
      },
    },
  };
}
