import { hitRateLimit } from "../../core/db/rate-limits.ts";
import type { Queryable } from "../../core/db/pool.ts";
import { tooManyRequests } from "../errors.ts";

/** Limits, in one place so they can be stated to users. */
export const LIMITS = {
  signIn: { limit: 20, windowSeconds: 600, message: "Too many sign-in attempts. Try again in a few minutes." },
  verificationSend: { limit: 5, windowSeconds: 3600, message: "Too many verification codes requested. Try again within the hour." },
  verificationCheck: { limit: 10, windowSeconds: 600, message: "Too many code attempts. Request a new code in a few minutes." },
  callPlace: { limit: 10, windowSeconds: 600, message: "Too many calls placed in a short time. Try again in a few minutes." },
  // Each checkout is a Stripe session and a payment row: plenty for people, not for a script.
  checkout: { limit: 20, windowSeconds: 3600, message: "Too many checkouts started. Try again within the hour." },
  voicePreview: { limit: 60, windowSeconds: 600, message: "Too many voice previews. Try again in a few minutes." },
} as const;

export async function enforceRateLimit(db: Queryable, bucket: keyof typeof LIMITS, subject: string): Promise<void> {
  const l = LIMITS[bucket];
  const r = await hitRateLimit(db, `${bucket}:${subject}`, l.limit, l.windowSeconds);
  if (!r.allowed) throw tooManyRequests(l.message, r.retryAfterSeconds);
}
