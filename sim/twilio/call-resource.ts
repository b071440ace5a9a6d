// The Call resource as /2010-04-01 returns it (twilio-node's CallInstance fields): RFC 2822
// dates, numbers as strings, and "initiated" shown as "queued" (not a resource status).
import type { AnsweredBy, CallStatus } from "./call-types.ts";
import { formatted, rfc2822 } from "./format.ts";

export interface CallView {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  status: CallStatus;
  createdAt: number;
  updatedAt: number;
  answeredAt?: number;
  endedAt?: number;
  answeredBy?: AnsweredBy;
}

export function durationSeconds(c: CallView): number {
  return c.answeredAt !== undefined && c.endedAt !== undefined ? Math.max(0, Math.round((c.endedAt - c.answeredAt) / 1000)) : 0;
}

export function callResource(c: CallView) {
  const base = `/2010-04-01/Accounts/${c.accountSid}/Calls/${c.sid}`;
  const ended = c.endedAt !== undefined;
  return {
    sid: c.sid,
    date_created: rfc2822(c.createdAt),
    date_updated: rfc2822(c.updatedAt),
    parent_call_sid: null,
    account_sid: c.accountSid,
    to: c.to,
    to_formatted: formatted(c.to),
    from: c.from,
    from_formatted: formatted(c.from),
    phone_number_sid: null,
    status: c.status === "initiated" ? "queued" : c.status,
    start_time: c.answeredAt !== undefined ? rfc2822(c.answeredAt) : ended ? rfc2822(c.createdAt) : null,
    end_time: ended ? rfc2822(c.endedAt!) : null,
    duration: ended ? String(durationSeconds(c)) : null,
    price: null,
    price_unit: "USD",
    direction: "outbound-api",
    answered_by: c.answeredBy ?? null,
    annotation: null,
    api_version: "2010-04-01",
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: "0",
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: {
      feedback: `${base}/Feedback.json`,
      user_defined_messages: `${base}/UserDefinedMessages.json`,
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
      streams: `${base}/Streams.json`,
      payments: `${base}/Payments.json`,
      user_defined_message_subscriptions: `${base}/UserDefinedMessageSubscriptions.json`,
      siprec: `${base}/Siprec.json`,
      events: `${base}/Events.json`,
      feedback_summaries: `/2010-04-01/Accounts/${c.accountSid}/Calls/FeedbackSummary.json`,
    },
  };
}
