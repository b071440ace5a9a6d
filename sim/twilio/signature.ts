// X-Twilio-Signature, computed the way twilio-node's validateRequest checks it: the full URL
// as configured, then each POST parameter name + value in sorted name order (repeated keys:
// de-duplicated sorted values), HMAC-SHA1 keyed with the auth token, base64.
import { createHmac } from "node:crypto";

export type SignedParams = Record<string, string | string[]>;

export function twilioSignature(authToken: string, url: string, params: SignedParams = {}): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const v = params[name];
    const values = Array.isArray(v) ? Array.from(new Set(v)).sort() : [v];
    for (const value of values) data += name + value;
  }
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf-8")).digest("base64");
}

/** Form fields to the params shape the signature uses (repeated keys become arrays). */
export function paramsOf(form: URLSearchParams): SignedParams {
  const out: SignedParams = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}
