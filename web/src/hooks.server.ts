// Every page request: who is signed in (the same sealed cookie the API reads), then the page;
// the request's database pool is closed afterwards. Security headers for pages live here too.
import { error, type Handle, type HandleServerError } from "@sveltejs/kit";
import { webConfig } from "$lib/server/config.ts";
import { releaseDb, requestDb } from "$lib/server/db.ts";
import { lookupSession } from "$lib/server/session.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const handle: Handle = async ({ event, resolve }) => {
  // /api is the API worker's (proxied in development, routed in production).
  if (event.url.pathname.startsWith("/api/")) return resolve(event);
  // Form actions act for the signed-in person and call the API with the app's own Origin, so
  // the browser's Origin is checked here, in every environment (SvelteKit's own CSRF check is
  // off under `vite dev`, and this doesn't depend on the body's Content-Type either).
  if (!SAFE_METHODS.has(event.request.method) && event.request.headers.get("origin") !== webConfig().appOrigin) {
    return new Response("Cross-site form submissions are forbidden.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  try {
    const found = await lookupSession(event.cookies, requestDb(event));
    if (found.kind === "unavailable") error(503, { message: "Sign-in is briefly unavailable. Please try again in a moment.", code: "auth_unavailable" });
    if (found.kind === "signed_in") {
      event.locals.session = found.session;
      event.locals.user = found.session.user;
    }
    const response = await resolve(event);
    response.headers.set("x-content-type-options", "nosniff");
    response.headers.set("referrer-policy", "same-origin");
    if (!response.headers.has("x-frame-options")) response.headers.set("x-frame-options", "DENY");
    return response;
  } finally {
    releaseDb(event);
  }
};

export const handleError: HandleServerError = ({ error: err, event, status }) => {
  // Details stay in the log; the page gets a calm message (and never a stack or a secret).
  if (status >= 500) console.error(`[web] ${event.request.method} ${event.url.pathname}:`, err instanceof Error ? err.message : err);
  return { message: status === 404 ? "Page not found." : "Something went wrong on our side. Please try again.", code: status === 404 ? "not_found" : "internal" };
};
