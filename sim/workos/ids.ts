// WorkOS object ids: a type prefix and a ULID ("user_01H…"), 26 Crockford base32 characters
// of which the first ten encode the creation time, so ids sort by age as the real ones do.
import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function ulid(now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rand = Array.from(randomBytes(16), (b) => CROCKFORD[b % 32]).join("");
  return time + rand;
}

export const newId = (prefix: string) => `${prefix}_${ulid()}`;

/** Opaque secrets (codes, refresh tokens): unguessable, URL-safe. */
export const secret = (bytes = 24) => randomBytes(bytes).toString("base64url");
