// The credentials and ports the local simulators accept. `npm start` writes the same values
// into .dev.vars / web/.env, so the product reaches the simulators through the very
// settings (base URL + key) it would use for the real providers.

export type ProviderName = "twilio" | "deepgram" | "cerebras" | "elevenlabs" | "workos" | "stripe";
export const PROVIDERS: readonly ProviderName[] = ["twilio", "deepgram", "cerebras", "elevenlabs", "workos", "stripe"];

export type SimUrls = Record<ProviderName | "control", string>;

const env = (k: string, d: string) => process.env[k] || d;

export const DEFAULT_PORTS: Record<ProviderName | "control", number> = {
  twilio: 4010,
  deepgram: 4011,
  cerebras: 4012,
  elevenlabs: 4013,
  workos: 4014,
  stripe: 4015,
  control: 4016,
};

export function portFromEnv(name: ProviderName | "control"): number {
  const v = process.env[`SIM_${name.toUpperCase()}_PORT`];
  return v === undefined ? DEFAULT_PORTS[name] : Number(v);
}

export interface SimCredentials {
  twilio: { accountSid: string; authToken: string; fromNumber: string; verifyServiceSid: string };
  deepgram: { apiKey: string };
  cerebras: { apiKey: string };
  elevenlabs: { apiKey: string };
  workos: { apiKey: string; clientId: string };
  stripe: { secretKey: string; webhookSecret: string; webhookUrl: string };
}

export function simCredentials(): SimCredentials {
  return {
    twilio: {
      accountSid: env("SIM_TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000001"),
      authToken: env("SIM_TWILIO_AUTH_TOKEN", "sim_twilio_auth_token_0123456789ab"),
      fromNumber: env("SIM_TWILIO_FROM_NUMBER", "+15005550006"),
      verifyServiceSid: env("SIM_TWILIO_VERIFY_SERVICE_SID", "VA00000000000000000000000000000001"),
    },
    deepgram: { apiKey: env("SIM_DEEPGRAM_API_KEY", "sim_deepgram_key") },
    cerebras: { apiKey: env("SIM_CEREBRAS_API_KEY", "csk-sim-cerebras-key") },
    elevenlabs: { apiKey: env("SIM_ELEVENLABS_API_KEY", "sk_sim_elevenlabs_key") },
    workos: {
      apiKey: env("SIM_WORKOS_API_KEY", "sk_test_sim_workos_key"),
      clientId: env("SIM_WORKOS_CLIENT_ID", "client_01SIMULATOR0000000000000000"),
    },
    stripe: {
      secretKey: env("SIM_STRIPE_SECRET_KEY", "sk_test_sim_stripe_key_000000000000"),
      webhookSecret: env("SIM_STRIPE_WEBHOOK_SECRET", "whsec_sim_stripe_webhook_secret"),
      // Where the Stripe simulator delivers events (the dashboard setting of the real one).
      webhookUrl: env("SIM_STRIPE_WEBHOOK_URL", "http://127.0.0.1:8787/api/stripe/webhook"),
    },
  };
}
