// The web app's settings: the few it needs (not the API worker's whole list), read from
// SvelteKit's private env — web/.env locally, the web worker's vars/secrets in production.
// A missing one fails the request with its name rather than somewhere deep in a call.
import { env } from "$env/dynamic/private";

export interface WebConfig {
  appUrl: string;
  appOrigin: string;
  databaseUrl: string;
  workos: { baseUrl: string; apiKey: string; clientId: string; cookiePassword: string };
  /** Where form actions reach the API in development; unset in production, which uses the API service binding. */
  apiOrigin: string | null;
  /** The Twilio simulator, when configured: turns on the simulated phone (development only). */
  twilioSimUrl: string | null;
}

const REQUIRED = ["APP_URL", "DATABASE_URL", "WORKOS_API_KEY", "WORKOS_CLIENT_ID", "WORKOS_COOKIE_PASSWORD"] as const;

let cached: WebConfig | undefined;

export function webConfig(): WebConfig {
  if (cached) return cached;
  const get = (k: string) => (env[k] ?? "").trim();
  const missing = REQUIRED.filter((k) => !get(k));
  if (missing.length) throw new Error(`Configuration error — missing setting${missing.length > 1 ? "s" : ""} for the web app: ${missing.join(", ")} (see web/README.md)`);
  const appUrl = get("APP_URL").replace(/\/+$/, "");
  cached = {
    appUrl,
    appOrigin: new URL(appUrl).origin,
    databaseUrl: get("DATABASE_URL"),
    workos: {
      baseUrl: (get("WORKOS_BASE_URL") || "https://api.workos.com").replace(/\/+$/, ""),
      apiKey: get("WORKOS_API_KEY"),
      clientId: get("WORKOS_CLIENT_ID"),
      cookiePassword: get("WORKOS_COOKIE_PASSWORD"),
    },
    apiOrigin: get("API_ORIGIN") ? get("API_ORIGIN").replace(/\/+$/, "") : null,
    twilioSimUrl: get("TWILIO_SIM_URL") || null,
  };
  return cached;
}
