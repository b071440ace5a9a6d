// Every setting the product reads, from one place. Both workers pass their environment
// (wrangler bindings / SvelteKit's private env) through readConfig; a missing required
// variable fails fast with its name, never with a crash deep inside a provider call.

export interface Config {
  appUrl: string;
  databaseUrl: string;
  twilio: { apiBaseUrl: string; verifyBaseUrl: string; accountSid: string; authToken: string; fromNumber: string; verifyServiceSid: string };
  deepgram: { baseUrl: string; apiKey: string; model: string };
  cerebras: { baseUrl: string; apiKey: string; model: string };
  elevenlabs: { baseUrl: string; apiKey: string; model: string };
  workos: { baseUrl: string; apiKey: string; clientId: string; cookiePassword: string };
  stripe: { baseUrl: string; secretKey: string; webhookSecret: string };
  /** ISO 3166 alpha-2 countries numbers may be verified in. */
  allowedCountries: string[];
  /** Emails that get the operator (admin) role on sign-in. */
  adminEmails: string[];
}

export class ConfigError extends Error {
  readonly missing: string[];
  constructor(missing: string[], problems: string[] = []) {
    const parts = [];
    if (missing.length) parts.push(`missing required setting${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);
    parts.push(...problems);
    super(`Configuration error — ${parts.join("; ")} (see .dev.vars.example)`);
    this.name = "ConfigError";
    this.missing = missing;
  }
}

export const REQUIRED = [
  "APP_URL",
  "DATABASE_URL",
  "TWILIO_ACCOUNT_SID",
  "TWILIO_AUTH_TOKEN",
  "TWILIO_FROM_NUMBER",
  "TWILIO_VERIFY_SERVICE_SID",
  "DEEPGRAM_API_KEY",
  "CEREBRAS_API_KEY",
  "ELEVENLABS_API_KEY",
  "WORKOS_API_KEY",
  "WORKOS_CLIENT_ID",
  "WORKOS_COOKIE_PASSWORD",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
] as const;

const trimSlash = (u: string) => u.replace(/\/+$/, "");

const cache = new WeakMap<object, Config>();

export function readConfig(env: object): Config {
  const hit = cache.get(env);
  if (hit) return hit;
  const src = env as Record<string, unknown>;
  const get = (k: string): string => (typeof src[k] === "string" ? (src[k] as string).trim() : "");
  const missing = REQUIRED.filter((k) => !get(k));
  const problems: string[] = [];
  if (get("WORKOS_COOKIE_PASSWORD") && get("WORKOS_COOKIE_PASSWORD").length < 32) problems.push("WORKOS_COOKIE_PASSWORD must be at least 32 characters");
  for (const k of ["APP_URL", "TWILIO_API_BASE_URL", "TWILIO_VERIFY_BASE_URL", "DEEPGRAM_BASE_URL", "CEREBRAS_BASE_URL", "ELEVENLABS_BASE_URL", "WORKOS_BASE_URL", "STRIPE_BASE_URL"]) {
    const v = get(k);
    if (v && !/^https?:\/\/[^\s]+$/.test(v)) problems.push(`${k} must be an http(s) URL`);
  }
  if (missing.length || problems.length) throw new ConfigError([...missing], problems);
  const list = (k: string, d: string) =>
    (get(k) || d)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const config: Config = {
    appUrl: trimSlash(get("APP_URL")),
    databaseUrl: get("DATABASE_URL"),
    twilio: {
      apiBaseUrl: trimSlash(get("TWILIO_API_BASE_URL") || "https://api.twilio.com"),
      verifyBaseUrl: trimSlash(get("TWILIO_VERIFY_BASE_URL") || "https://verify.twilio.com"),
      accountSid: get("TWILIO_ACCOUNT_SID"),
      authToken: get("TWILIO_AUTH_TOKEN"),
      fromNumber: get("TWILIO_FROM_NUMBER"),
      verifyServiceSid: get("TWILIO_VERIFY_SERVICE_SID"),
    },
    deepgram: { baseUrl: trimSlash(get("DEEPGRAM_BASE_URL") || "https://api.deepgram.com"), apiKey: get("DEEPGRAM_API_KEY"), model: get("DEEPGRAM_MODEL") || "nova-3" },
    cerebras: { baseUrl: trimSlash(get("CEREBRAS_BASE_URL") || "https://api.cerebras.ai"), apiKey: get("CEREBRAS_API_KEY"), model: get("CEREBRAS_MODEL") || "gpt-oss-120b" },
    elevenlabs: {
      baseUrl: trimSlash(get("ELEVENLABS_BASE_URL") || "https://api.elevenlabs.io"),
      apiKey: get("ELEVENLABS_API_KEY"),
      model: get("ELEVENLABS_MODEL") || "eleven_flash_v2_5",
    },
    workos: {
      baseUrl: trimSlash(get("WORKOS_BASE_URL") || "https://api.workos.com"),
      apiKey: get("WORKOS_API_KEY"),
      clientId: get("WORKOS_CLIENT_ID"),
      cookiePassword: get("WORKOS_COOKIE_PASSWORD"),
    },
    stripe: { baseUrl: trimSlash(get("STRIPE_BASE_URL") || "https://api.stripe.com"), secretKey: get("STRIPE_SECRET_KEY"), webhookSecret: get("STRIPE_WEBHOOK_SECRET") },
    allowedCountries: list("ALLOWED_COUNTRIES", "US,CA,GB,IE,AU,NZ,DE,FR,ES,IT,NL,BE,AT,CH,SE,NO,DK,FI,PT,IL").map((c) => c.toUpperCase()),
    adminEmails: list("ADMIN_EMAILS", "").map((e) => e.toLowerCase()),
  };
  cache.set(env, config);
  return config;
}
