// The Twilio simulator driven by twilio-node (unmodified): calls create / update / fetch,
// signed status callbacks checked with twilio.validateRequest, Verify send + check with the
// code read from the handset's SMS, Messages, and the API's error shapes.
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simCredentials } from "../../sim/config.ts";
import { HandsetClient } from "../../sim/handset/client.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import { FakeProduct } from "./twilio-fake-product.ts";
import { simTwilioClient } from "./twilio-sdk-client.ts";

const creds = simCredentials().twilio;
const RFC2822 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
let sims: Simulators;
let product: FakeProduct;
let client: twilio.Twilio;
let n = 0;
const nextNumber = () => `+1555300${String(++n).padStart(4, "0")}`;

beforeAll(async () => {
  sims = await startSimulators({ ephemeral: true });
  product = await FakeProduct.start();
  client = simTwilioClient(sims.urls.twilio, creds.accountSid, creds.authToken);
});
afterAll(async () => {
  await product?.close();
  await sims?.close();
});

async function rawPost(path: string, form: Record<string, string>, auth = `${creds.accountSid}:${creds.authToken}`) {
  const res = await fetch(sims.urls.twilio + path, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(auth).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("twilio sim: calls through twilio-node", () => {
  it("creates a call, reports every status signed and in order, hangs up, 404s a second hang-up", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    product.twiml = () => `<Response><Pause length="30"/></Response>`;
    const statusUrl = `${product.url}/status?tenant=42`;
    const call = await client.calls.create({
      to: phone.number, from: creds.fromNumber, url: `${product.url}/twiml`,
      statusCallback: statusUrl, statusCallbackEvent: ["initiated", "ringing", "answered", "completed"], timeout: 20,
    });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe("queued");
    expect(call.direction).toBe("outbound-api");
    expect(call.dateCreated).toBeInstanceOf(Date);
    expect(call.toFormatted).toMatch(/^\(555\) 300-\d{4}$/);

    const incoming = await phone.waitFor("incoming");
    expect(incoming).toMatchObject({ callSid: call.sid, from: creds.fromNumber, to: phone.number });
    phone.answer();
    const twimlHit = await product.waitHit((h) => h.path === "/twiml" && h.form.CallSid === call.sid);
    expect(twimlHit.form).toMatchObject({ CallStatus: "in-progress", Direction: "outbound-api", AccountSid: creds.accountSid, To: phone.number, From: creds.fromNumber, ApiVersion: "2010-04-01" });
    expect(twilio.validateRequest(creds.authToken, String(twimlHit.headers["x-twilio-signature"]), twimlHit.url, twimlHit.form)).toBe(true);

    const hungUp = await client.calls(call.sid).update({ status: "completed" });
    expect(hungUp.status).toBe("completed");
    await phone.waitFor((e) => e.type === "ended" && e.callSid === call.sid);
    const done = await product.waitHit((h) => h.path === "/status" && h.form.CallSid === call.sid && h.form.CallStatus === "completed");

    const hits = product.hitsTo("/status").filter((h) => h.form.CallSid === call.sid);
    expect(hits.map((h) => h.form.CallStatus)).toEqual(["initiated", "ringing", "in-progress", "completed"]);
    expect(hits.map((h) => Number(h.form.SequenceNumber))).toEqual([0, 1, 2, 3]);
    for (const h of hits) {
      expect(h.url).toBe(statusUrl);
      expect(twilio.validateRequest(creds.authToken, String(h.headers["x-twilio-signature"]), h.url, h.form)).toBe(true);
      expect(h.form).toMatchObject({ CallbackSource: "call-progress-events", Direction: "outbound-api", Caller: creds.fromNumber, Called: phone.number });
      expect(h.form.Timestamp).toMatch(RFC2822);
    }
    // A signature that would accept a tampered body is worthless: check it rejects one.
    expect(twilio.validateRequest(creds.authToken, String(done.headers["x-twilio-signature"]), done.url, { ...done.form, CallStatus: "busy" })).toBe(false);
    expect(done.form.CallDuration).toMatch(/^\d+$/);
    expect(done.form.Duration).toMatch(/^\d+$/);
    expect(hits[1].form.CallDuration).toBeUndefined();

    await expect(client.calls(call.sid).update({ status: "completed" })).rejects.toMatchObject({ status: 404, code: 20404 });
    const fetched = await client.calls(call.sid).fetch();
    expect(fetched.status).toBe("completed");
    expect(fetched.duration).toMatch(/^\d+$/);
    expect(fetched.startTime).toBeInstanceOf(Date);
    expect(fetched.endTime).toBeInstanceOf(Date);
    const raw = await fetch(`${sims.urls.twilio}/2010-04-01/Accounts/${creds.accountSid}/Calls/${call.sid}.json`, { headers: { authorization: `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString("base64")}` } });
    const json = (await raw.json()) as Record<string, unknown>;
    expect(json.date_created).toMatch(RFC2822);
    expect(json.queue_time).toBe("0");
    await phone.close();
  });

  it("reports only `completed` when no events were asked for, and cancels a ringing call", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    const call = await client.calls.create({ to: phone.number, from: creds.fromNumber, twiml: "<Response><Hangup/></Response>", statusCallback: `${product.url}/status2` });
    await phone.waitFor("incoming");
    const canceled = await client.calls(call.sid).update({ status: "canceled" });
    expect(canceled.status).toBe("canceled");
    const hit = await product.waitHit((h) => h.path === "/status2" && h.form.CallSid === call.sid);
    expect(hit.form.CallStatus).toBe("canceled");
    expect(hit.form.SequenceNumber).toBe("0");
    await new Promise((r) => setTimeout(r, 100));
    expect(product.hitsTo("/status2").filter((h) => h.form.CallSid === call.sid)).toHaveLength(1);
    await phone.close();
  });

  it("answers wrong credentials with 401/20003 in Twilio's error shape", async () => {
    const bad = simTwilioClient(sims.urls.twilio, creds.accountSid, "wrong-token");
    await expect(bad.calls.create({ to: "+15550000001", from: creds.fromNumber, url: `${product.url}/twiml` })).rejects.toMatchObject({ status: 401, code: 20003, message: "Authenticate", moreInfo: "https://www.twilio.com/docs/errors/20003" });
    const r = await rawPost(`/2010-04-01/Accounts/${creds.accountSid}/Calls.json`, {}, `${creds.accountSid}:nope`);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
  });

  it("rejects a create without To, From or Url with Twilio's codes", async () => {
    const path = `/2010-04-01/Accounts/${creds.accountSid}/Calls.json`;
    const url = `${product.url}/twiml`;
    expect(await rawPost(path, { From: creds.fromNumber, Url: url })).toMatchObject({ status: 400, body: { code: 21201, status: 400 } });
    expect(await rawPost(path, { To: "+15550000002", Url: url })).toMatchObject({ status: 400, body: { code: 21213 } });
    expect(await rawPost(path, { To: "+15550000002", From: creds.fromNumber })).toMatchObject({ status: 400, body: { code: 21205 } });
    expect(await rawPost(path, { To: "not-a-number", From: creds.fromNumber, Url: url })).toMatchObject({ status: 400, body: { code: 21211 } });
    const unknown = await rawPost(`/2010-04-01/Accounts/${creds.accountSid}/Calls/CA0123456789abcdef0123456789abcdef.json`, { Status: "completed" });
    expect(unknown).toMatchObject({ status: 404, body: { code: 20404, more_info: "https://www.twilio.com/docs/errors/20404" } });
  });

  it("texts a handset through Messages.json", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    const msg = await client.messages.create({ to: phone.number, from: creds.fromNumber, body: "See you at 9" });
    expect(msg.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(msg.status).toBe("queued");
    const sms = await phone.waitFor("sms");
    expect(sms).toMatchObject({ from: creds.fromNumber, to: phone.number, body: "See you at 9", sid: msg.sid });
    expect(await rawPost(`/2010-04-01/Accounts/${creds.accountSid}/Messages.json`, { From: creds.fromNumber, Body: "x" })).toMatchObject({ status: 400, body: { code: 21604 } });
    await phone.close();
  });
});

describe("twilio sim: Verify v2 through twilio-node", () => {
  const service = () => client.verify.v2.services(creds.verifyServiceSid);
  const code = (body: string) => /(\d{6})/.exec(body)![1];

  it("texts the code to the handset and approves it once", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    const v = await service().verifications.create({ to: phone.number, channel: "sms" });
    expect(v).toMatchObject({ status: "pending", valid: false, to: phone.number, channel: "sms", serviceSid: creds.verifyServiceSid, accountSid: creds.accountSid });
    expect(v.sid).toMatch(/^VE[0-9a-f]{32}$/);
    expect(v.dateCreated).toBeInstanceOf(Date);
    const sms = await phone.waitFor("sms");
    const right = code(sms.body);
    const wrong = right === "000000" ? "111111" : "000000";
    expect(await service().verificationChecks.create({ to: phone.number, code: wrong })).toMatchObject({ status: "pending", valid: false });
    expect(await service().verificationChecks.create({ to: phone.number, code: right })).toMatchObject({ status: "approved", valid: true, sid: v.sid });
    await expect(service().verificationChecks.create({ to: phone.number, code: right })).rejects.toMatchObject({ status: 404, code: 20404 });
    await phone.close();
  });

  it("allows 5 checks and 5 sends, then 429 with 60202 / 60203", async () => {
    const to = nextNumber();
    const v = await service().verifications.create({ to, channel: "sms" });
    for (let i = 0; i < 5; i++) expect((await service().verificationChecks.create({ verificationSid: v.sid, code: "x" })).status).toBe("pending");
    await expect(service().verificationChecks.create({ verificationSid: v.sid, code: "x" })).rejects.toMatchObject({ status: 429, code: 60202 });

    const to2 = nextNumber();
    for (let i = 0; i < 5; i++) expect((await service().verifications.create({ to: to2, channel: "sms" })).sendCodeAttempts).toHaveLength(i + 1);
    await expect(service().verifications.create({ to: to2, channel: "sms" })).rejects.toMatchObject({ status: 429, code: 60203 });
  });

  it("refuses an invalid number (60200) and forgets expired or canceled verifications (20404)", async () => {
    await expect(service().verifications.create({ to: "5551234", channel: "sms" })).rejects.toMatchObject({ status: 400, code: 60200 });
    const to = nextNumber();
    const v = await service().verifications.create({ to, channel: "sms" });
    const ctl = await fetch(`${sims.urls.control}/twilio/expire-verification`, { method: "POST", body: JSON.stringify({ sid: v.sid }) });
    expect(ctl.status).toBe(200);
    await expect(service().verificationChecks.create({ to, code: "123456" })).rejects.toMatchObject({ status: 404, code: 20404 });

    const v2 = await service().verifications.create({ to, channel: "sms" });
    expect(v2.sid).not.toBe(v.sid);
    expect((await service().verifications(v2.sid).update({ status: "canceled" })).status).toBe("canceled");
    await expect(service().verificationChecks.create({ verificationSid: v2.sid, code: "123456" })).rejects.toMatchObject({ status: 404, code: 20404 });
  });
});
