// Phone numbers: parsing to E.164 with the country picker's country, the allow-list and
// refused ranges, SMS verification through Twilio Verify (the code read from the handset),
// per-user verification, limits, and no call to an unverified number.
import { afterAll, beforeAll, expect, it } from "vitest";
import { HandsetClient } from "../../sim/handset/client.ts";
import { signedInClient, type Api } from "../helpers/api-client.ts";
import { grantCredits } from "../helpers/call-fixtures.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
let api: Api;
beforeAll(async () => {
  stack = await startStack();
  api = await signedInClient(stack.appUrl, "numbers@example.com");
});
afterAll(() => stack?.close());

interface Added {
  phoneNumber: { id: string; e164: string; country: string; verified: boolean };
  codeSent: boolean;
}

async function errorOf(r: Response): Promise<{ status: number; code: string; message: string }> {
  const b = (await r.json()) as { error: { code: string; message: string } };
  return { status: r.status, ...b.error };
}

function codeFrom(phone: HandsetClient, from: number): Promise<string> {
  return phone.waitFor("sms", 10_000, { from }).then((e) => /(\d{4,10})/.exec(e.body)![1]);
}

it("offers the allow-listed countries with calling codes", async () => {
  const { countries } = await api.json<{ countries: Array<{ code: string; name: string; callingCode: string }> }>("/phone-numbers/countries");
  expect(countries).toContainEqual({ code: "US", name: "United States", callingCode: "1" });
  expect(countries.map((c) => c.code)).not.toContain("JM");
});

it("refuses malformed, premium, toll-free and not-allowed numbers with clear messages", async () => {
  expect(await errorOf(await api.post("/phone-numbers", { number: "hello", country: "US" }))).toMatchObject({ status: 400, code: "invalid_number" });
  expect(await errorOf(await api.post("/phone-numbers", { number: "123", country: "US" }))).toMatchObject({ status: 400, code: "invalid_number" });
  expect(await errorOf(await api.post("/phone-numbers", { number: "+1 900 555 1234" }))).toMatchObject({ status: 400, code: "number_type_refused", message: expect.stringMatching(/premium-rate/) });
  expect(await errorOf(await api.post("/phone-numbers", { number: "(800) 555-1234", country: "US" }))).toMatchObject({ status: 400, code: "number_type_refused" });
  expect(await errorOf(await api.post("/phone-numbers", { number: "+44 909 879 0123" }))).toMatchObject({ status: 400, code: "number_type_refused" });
  // +1 876 is Jamaica even when "US" is picked.
  expect(await errorOf(await api.post("/phone-numbers", { number: "876 555 1234", country: "US" }))).toMatchObject({ status: 400, code: "country_not_allowed", message: expect.stringMatching(/Jamaica/) });
  expect((await api.post("/phone-numbers", { number: "+14155550100", country: "US", extra: 1 })).status).toBe(400);
});

it("verifies a number with the SMS code, per user, and only then calls it", async () => {
  const e164 = "+14155550142";
  const phone = await HandsetClient.connect(stack.sims.urls.twilio, e164);
  try {
    const mark = phone.events.length;
    const added = await api.json<Added>("/phone-numbers", { method: "POST", body: { number: "(415) 555-0142", country: "US", label: "Mobile" } });
    expect(added).toMatchObject({ codeSent: true, phoneNumber: { e164, country: "US", verified: false } });
    const code = await codeFrom(phone, mark);

    // Not verified yet: no call.
    const me = await api.json<{ id: string }>("/me");
    await grantCredits(stack, me.id, 5000);
    const early = await api.post("/calls", { personaId: "brad_001", phoneNumberId: added.phoneNumber.id });
    expect(await errorOf(early)).toMatchObject({ status: 403, code: "number_not_verified" });

    const wrong = code === "000000" ? "111111" : "000000";
    expect(await errorOf(await api.post(`/phone-numbers/${added.phoneNumber.id}/verification/check`, { code: wrong }))).toMatchObject({ status: 400, code: "wrong_code" });
    expect((await api.post(`/phone-numbers/${added.phoneNumber.id}/verification/check`, { code: "12ab" })).status).toBe(400);
    const ok = await api.json<{ phoneNumber: { verified: boolean } }>(`/phone-numbers/${added.phoneNumber.id}/verification/check`, { method: "POST", body: { code } });
    expect(ok.phoneNumber.verified).toBe(true);

    // Someone else adding the same number must verify it themselves.
    const other = await signedInClient(stack.appUrl, "numbers-other@example.com");
    const theirs = await other.json<Added>("/phone-numbers", { method: "POST", body: { number: e164 } });
    expect(theirs.phoneNumber.verified).toBe(false);
    expect(theirs.phoneNumber.id).not.toBe(added.phoneNumber.id);
    const otherList = await other.json<{ phoneNumbers: Array<{ id: string }> }>("/phone-numbers");
    expect(otherList.phoneNumbers.map((n) => n.id)).toEqual([theirs.phoneNumber.id]);

    // Adding it again is idempotent for its owner.
    const again = await api.json<Added>("/phone-numbers", { method: "POST", body: { number: e164 } });
    expect(again).toMatchObject({ codeSent: false, phoneNumber: { id: added.phoneNumber.id, verified: true } });

    expect((await api.del(`/phone-numbers/${added.phoneNumber.id}`)).status).toBe(200);
    expect((await api.del(`/phone-numbers/${added.phoneNumber.id}`)).status).toBe(404);
  } finally {
    await phone.close();
  }
});

it("limits codes sent per hour, counted exactly", async () => {
  const limited = await signedInClient(stack.appUrl, "numbers-limit@example.com");
  const added = await limited.json<Added>("/phone-numbers", { method: "POST", body: { number: "+14155550177" } });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await limited.post(`/phone-numbers/${added.phoneNumber.id}/verification`)).status);
  // 1 send on add + 4 resends are allowed; the 5th resend is the 6th send.
  expect(statuses).toEqual([200, 200, 200, 200, 429]);
});
