// POST /2010-04-01/Accounts/{AccountSid}/Messages.json — an SMS to a handset. The message is
// delivered at once; StatusCallback (if given) hears "sent" then "delivered".
import { TwilioError } from "./errors.ts";
import { isE164, rfc2822, sid } from "./format.ts";
import type { Outbox } from "./sms.ts";
import type { Webhooks } from "./webhooks.ts";

export function createMessage(form: URLSearchParams, accountSid: string, outbox: Outbox, webhooks: Webhooks) {
  const to = form.get("To");
  const from = form.get("From");
  const service = form.get("MessagingServiceSid");
  const body = form.get("Body");
  if (!to) throw new TwilioError(400, 21604, "A 'To' phone number is required.");
  if (!from && !service) throw new TwilioError(400, 21603, "A 'From' phone number is required.");
  if (!body && !form.get("MediaUrl") && !form.get("ContentSid")) throw new TwilioError(400, 21602, "Message body is required.");
  if (!isE164(to)) throw new TwilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (from && !isE164(from) && !/^[A-Za-z0-9 ]{1,11}$/.test(from)) throw new TwilioError(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
  const messageSid = sid("SM");
  const sender = from ?? service!;
  outbox.send(sender, to, body ?? "", "messages", messageSid);
  const callback = form.get("StatusCallback");
  if (callback) {
    const base = { AccountSid: accountSid, ApiVersion: "2010-04-01", From: sender, To: to, MessageSid: messageSid, SmsSid: messageSid };
    void (async () => {
      for (const status of ["sent", "delivered"]) {
        await webhooks.deliver({ kind: "status-callback", url: callback, params: { ...base, SmsStatus: status, MessageStatus: status } });
      }
    })();
  }
  const now = rfc2822(Date.now());
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${messageSid}.json`;
  return {
    account_sid: accountSid, api_version: "2010-04-01", body: body ?? "", date_created: now, date_sent: null, date_updated: now,
    direction: "outbound-api", error_code: null, error_message: null, from: from ?? null, messaging_service_sid: service ?? null,
    num_media: "0", num_segments: String(Math.max(1, Math.ceil((body ?? "").length / 160))), price: null, price_unit: "USD",
    sid: messageSid, status: service ? "accepted" : "queued", subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") }, uri,
  };
}
