// Stripe object ids: a type prefix, "test_" for Checkout Sessions, and 24 base62 characters.
import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function stripeId(prefix: string, length = 24): string {
  return `${prefix}_${Array.from(randomBytes(length), (b) => BASE62[b % 62]).join("")}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
