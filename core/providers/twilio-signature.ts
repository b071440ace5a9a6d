// X-Twilio-Signature: base64(HMAC-SHA1(auth token, url + sorted form params as name+value)).
// WebCrypto, so it runs on Workers; twilio-node's validator needs Node's crypto.

const enc = new TextEncoder();

async function hmacSha1Base64(key: string, data: string): Promise<string> {
  const k = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(data)));
  let s = "";
  for (const b of sig) s += String.fromCharCode(b);
  return btoa(s);
}

export function signaturePayload(url: string, params: Iterable<[string, string]> = []): string {
  const byName = new Map<string, string[]>();
  for (const [k, v] of params) byName.set(k, [...(byName.get(k) ?? []), v]);
  let data = url;
  for (const name of [...byName.keys()].sort()) {
    // Repeated params: de-duplicated and sorted, as twilio-node does.
    for (const v of [...new Set(byName.get(name))].sort()) data += name + v;
  }
  return data;
}

export function computeTwilioSignature(authToken: string, url: string, params: Iterable<[string, string]> = []): Promise<string> {
  return hmacSha1Base64(authToken, signaturePayload(url, params));
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * True when `signature` matches `url` (as Twilio was told it) with these params. Like
 * twilio-node, also accepts the URL with the default port added or removed.
 */
export async function validateTwilioSignature(authToken: string, signature: string | null | undefined, url: string, params: Iterable<[string, string]> = []): Promise<boolean> {
  if (!signature) return false;
  const list = [...params];
  for (const candidate of urlVariants(url)) {
    if (timingSafeEqual(await computeTwilioSignature(authToken, candidate, list), signature)) return true;
  }
  return false;
}

function urlVariants(url: string): string[] {
  const out = [url];
  try {
    const u = new URL(url);
    const defaultPort = u.protocol === "https:" || u.protocol === "wss:" ? "443" : "80";
    if (u.port) {
      const noPort = url.replace(`${u.hostname}:${u.port}`, u.hostname);
      if (u.port === defaultPort) out.push(noPort);
    } else {
      out.push(url.replace(u.host, `${u.hostname}:${defaultPort}`));
    }
  } catch {
    /* not a URL: compare as given */
  }
  return out;
}
