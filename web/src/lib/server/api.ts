// Form actions reach the API through this helper, as the browser would: the session cookie
// forwarded and the app's own Origin set (the API refuses cookie-authenticated mutations from
// any other origin). Production goes through the API service binding (`platform.env.API`),
// development to API_ORIGIN (wrangler dev). A refreshed session cookie the API sends back is
// passed on to the browser.
import type { RequestEvent } from "@sveltejs/kit";
import { webConfig } from "./config.ts";
import { cookieSpec, writeSessionCookie, clearSessionCookie } from "./session.ts";

export type ApiResult = { ok: true; status: number; data: unknown } | { ok: false; status: number; code: string; message: string; details?: unknown };

type ApiEvent = Pick<RequestEvent, "locals" | "platform" | "cookies" | "request">;

export interface ApiOptions {
  headers?: Record<string, string>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Pass the API's verdict on the session cookie (refreshed, or cleared) to the browser. */
function forwardSessionCookie(event: ApiEvent, res: Response): void {
  const name = cookieSpec().name;
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    const cleared = !value || attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
    if (cleared) clearSessionCookie(event.cookies);
    else writeSessionCookie(event.cookies, value);
    event.locals.session = cleared ? undefined : event.locals.session && { ...event.locals.session, sealed: value };
  }
}

export async function callApi(event: ApiEvent, method: string, path: string, body?: unknown, opts: ApiOptions = {}): Promise<ApiResult> {
  const config = webConfig();
  const headers = new Headers({ origin: config.appOrigin, accept: "application/json", ...opts.headers });
  const sealed = event.locals.session?.sealed;
  if (sealed) headers.set("cookie", `${cookieSpec().name}=${sealed}`);
  const ua = event.request.headers.get("user-agent");
  if (ua) headers.set("user-agent", ua);
  if (body !== undefined) headers.set("content-type", "application/json");
  const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: "manual" };
  // An explicit API_ORIGIN wins: in development the platform proxy may offer an `API` binding
  // with no worker behind it.
  const binding = config.apiOrigin ? undefined : event.platform?.env?.API;
  const origin = config.apiOrigin ?? config.appOrigin;
  let res: Response;
  try {
    res = binding ? await binding.fetch(new Request(`${config.appUrl}/api${path}`, init)) : await fetch(`${origin}/api${path}`, init);
  } catch (e) {
    console.error(`[web] API ${method} ${path} unreachable: ${(e as Error).message}`);
    return { ok: false, status: 503, code: "api_unreachable", message: "The service is briefly unavailable. Please try again." };
  }
  forwardSessionCookie(event, res);
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.ok) return { ok: true, status: res.status, data: json };
  const err = isRecord(json) && isRecord(json.error) ? json.error : {};
  return {
    ok: false,
    status: res.status,
    code: typeof err.code === "string" ? err.code : "error",
    message: typeof err.message === "string" ? err.message : `Request failed (HTTP ${res.status}).`,
    details: err.details,
  };
}

/** Shorthands: `api(event).post("/personas", body)`. */
export function api(event: ApiEvent) {
  return {
    get: (path: string, opts?: ApiOptions) => callApi(event, "GET", path, undefined, opts),
    post: (path: string, body?: unknown, opts?: ApiOptions) => callApi(event, "POST", path, body, opts),
    put: (path: string, body?: unknown, opts?: ApiOptions) => callApi(event, "PUT", path, body, opts),
    patch: (path: string, body?: unknown, opts?: ApiOptions) => callApi(event, "PATCH", path, body, opts),
    del: (path: string, opts?: ApiOptions) => callApi(event, "DELETE", path, undefined, opts),
  };
}
