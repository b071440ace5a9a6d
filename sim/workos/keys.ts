// The simulator's RS256 signing key and the JWT access tokens it signs. The SDK verifies only
// signature and exp/nbf against the JWKS (jose createRemoteJWKSet), so a key with a `kid`
// served at /sso/jwks/{clientId} is all it needs.
import { type KeyObject, generateKeyPairSync, sign } from "node:crypto";
import { ulid } from "./ids.ts";

export interface Jwk {
  kty: string;
  n: string;
  e: string;
  kid: string;
  use: "sig";
  alg: "RS256";
}

export class SigningKey {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    // WorkOS kids look like "sso_oidc_key_pair_01…" (exact format UNCONFIRMED; only uniqueness matters).
    this.kid = `sso_oidc_key_pair_${ulid()}`;
  }

  jwks(): { keys: Jwk[] } {
    const jwk = this.publicKey.export({ format: "jwk" });
    return { keys: [{ kty: "RSA", n: String(jwk.n), e: String(jwk.e), kid: this.kid, use: "sig", alg: "RS256" }] };
  }

  sign(claims: Record<string, unknown>): string {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const input = `${enc({ alg: "RS256", kid: this.kid, typ: "JWT" })}.${enc(claims)}`;
    return `${input}.${sign("RSA-SHA256", Buffer.from(input), this.privateKey).toString("base64url")}`;
  }
}
