// The Stripe client for a configured base URL (the real API or the local simulator). On
// Workers there is no node:https or node:crypto: requests go through fetch and webhook
// signatures are checked with SubtleCrypto, which only works asynchronously
// (constructEventAsync; the sync constructEvent throws there).
import Stripe from "stripe";
import type { Config } from "../config.ts";

export { Stripe };

export function createStripe(config: Pick<Config, "stripe">): Stripe {
  const base = new URL(config.stripe.baseUrl);
  const https = base.protocol === "https:";
  return new Stripe(config.stripe.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    host: base.hostname,
    port: base.port ? Number(base.port) : https ? 443 : 80,
    protocol: https ? "https" : "http",
    // Every POST carries an idempotency key (ours where it matters), so retries are safe.
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
}

export const stripeCrypto = Stripe.createSubtleCryptoProvider();

/** Stripe's default: a signed delivery older than this is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The verified event, or undefined when the signature or its timestamp is wrong. Verified on
 * the raw body exactly as received: re-serialised JSON would not match the signature.
 */
export async function verifyStripeEvent(stripe: Stripe, rawBody: string, signature: string | undefined, secret: string): Promise<Stripe.Event | undefined> {
  if (!signature) return undefined;
  try {
    return await stripe.webhooks.constructEventAsync(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS, stripeCrypto);
  } catch (e) {
    if (e instanceof Stripe.errors.StripeSignatureVerificationError) return undefined;
    throw e;
  }
}
