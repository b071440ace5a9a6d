// Text messages the simulator "sent": kept for the control API and delivered to the
// recipient's handset if one is connected (Verify codes arrive this way too).
import type { Phones } from "../handset/phones.ts";
import { sid } from "./format.ts";

export interface SmsRecord {
  sid: string;
  from: string;
  to: string;
  body: string;
  at: number;
  via: "messages" | "verify";
  /** A handset was connected for `to` when it arrived. */
  delivered: boolean;
}

const MAX_SMS = 2000;

export class Outbox {
  records: SmsRecord[] = [];
  private readonly phones: Phones;
  constructor(phones: Phones) {
    this.phones = phones;
  }

  send(from: string, to: string, body: string, via: SmsRecord["via"], messageSid = sid("SM")): SmsRecord {
    const rec: SmsRecord = { sid: messageSid, from, to, body, at: Date.now(), via, delivered: this.phones.connected(to) };
    this.records.push(rec);
    if (this.records.length > MAX_SMS) this.records.shift();
    this.phones.notify(to, { type: "sms", sid: rec.sid, from, to, body, at: rec.at });
    return rec;
  }
}
