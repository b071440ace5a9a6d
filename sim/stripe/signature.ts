// Stripe-Signature exactly as stripe-node's constructEvent(Async) verifies it:
// t=<unix seconds>,v1=hex(HMAC-SHA256(key = the whole "whsec_…" string, `${t}.${rawBody}`)).
import { createHmac } from "node:crypto";

export function signPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}
