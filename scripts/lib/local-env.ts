// The local configuration: every provider setting pointing at the simulators, with the
// credentials they accept. `npm start` writes it to .dev.vars (wrangler) and web/.env
// (SvelteKit) when those files are missing; tests pass it as bindings.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simCredentials, type SimUrls } from "../../sim/config.ts";

export const ROOT = join(import.meta.dirname, "..", "..");

export interface LocalEnvInput {
  databaseUrl: string;
  sims: SimUrls;
  appUrl: string;
}

export function localEnv({ databaseUrl, sims, appUrl }: LocalEnvInput): Record<string, string> {
  const c = simCredentials();
  return {
    APP_URL: appUrl,
    DATABASE_URL: databaseUrl,
    TWILIO_API_BASE_URL: sims.twilio,
    TWILIO_VERIFY_BASE_URL: sims.twilio,
    TWILIO_ACCOUNT_SID: c.twilio.accountSid,
    TWILIO_AUTH_TOKEN: c.twilio.authToken,
    TWILIO_FROM_NUMBER: c.twilio.fromNumber,
    TWILIO_VERIFY_SERVICE_SID: c.twilio.verifyServiceSid,
    DEEPGRAM_BASE_URL: sims.deepgram,
    DEEPGRAM_API_KEY: c.deepgram.apiKey,
    CEREBRAS_BASE_URL: sims.cerebras,
    CEREBRAS_API_KEY: c.cerebras.apiKey,
    ELEVENLABS_BASE_URL: sims.elevenlabs,
    ELEVENLABS_API_KEY: c.elevenlabs.apiKey,
    WORKOS_BASE_URL: sims.workos,
    WORKOS_API_KEY: c.workos.apiKey,
    WORKOS_CLIENT_ID: c.workos.clientId,
    WORKOS_COOKIE_PASSWORD: "local-dev-cookie-password-0123456789abcdef",
    STRIPE_BASE_URL: sims.stripe,
    STRIPE_SECRET_KEY: c.stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: c.stripe.webhookSecret,
  };
}

/** Parse a dotenv-style file (KEY=value, # comments; values may be quoted). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out[m[1]] = v;
  }
  return out;
}

export function readDevVars(path = join(ROOT, ".dev.vars")): Record<string, string> {
  return existsSync(path) ? parseEnvFile(readFileSync(path, "utf8")) : {};
}

export function formatEnvFile(vars: Record<string, string>, header: string): string {
  return `# ${header}\n` + Object.entries(vars).map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
}
