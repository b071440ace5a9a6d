// HTTP Basic auth as the Twilio API checks it: user = Account SID, password = Auth Token.
import type { IncomingHttpHeaders } from "node:http";
import { authError } from "./errors.ts";

export function requireAuth(headers: IncomingHttpHeaders, accountSid: string, authToken: string): void {
  const m = /^Basic\s+(.+)$/i.exec(headers.authorization ?? "");
  if (!m) throw authError();
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i < 0 || decoded.slice(0, i) !== accountSid || decoded.slice(i + 1) !== authToken) throw authError();
}
