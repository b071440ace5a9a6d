// Value formats of the Twilio APIs: RFC 2822 dates on /2010-04-01, ISO 8601 on Verify v2,
// 34-character SIDs, E.164 numbers and their US display form.

/** "Tue, 08 Oct 2024 06:05:21 +0000" — toUTCString ends in "GMT", the API in "+0000". */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, "+0000");
}

/** Verify v2 dates have no milliseconds: "2026-07-14T10:00:00Z". */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const HEX = "0123456789abcdef";

/** A SID: two-letter prefix + 32 lowercase hex digits, as Twilio's. */
export function sid(prefix: string): string {
  let s = prefix;
  for (let i = 0; i < 32; i++) s += HEX[Math.floor(Math.random() * 16)];
  return s;
}

export function isE164(n: string | undefined | null): n is string {
  return !!n && /^\+[1-9]\d{6,14}$/.test(n);
}

/** A dialable "To": E.164, or a Client / SIP address. */
export function isDialable(n: string): boolean {
  return isE164(n) || /^client:[\w.-]+$/.test(n) || /^sip:.+@.+/.test(n);
}

/** The API's *_formatted fields: "(555) 123-0000" for NANP numbers, else unchanged. */
export function formatted(n: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(n);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : n;
}
