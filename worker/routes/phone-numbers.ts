// Phone numbers: typed with a country, stored as E.164, and proven to be yours by an SMS code
// (Twilio Verify) before any call can be placed to them. Verification is per account: the
// same number added by someone else needs their own code.
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { addPhoneNumber, countPhoneNumbers, deletePhoneNumber, getUserPhoneNumber, listPhoneNumbers, markVerified, type PhoneNumber } from "../../core/db/phone-numbers.ts";
import { callingCode, parsePhone, regionName } from "../../core/phone.ts";
import { ProviderError } from "../../core/providers/errors.ts";
import { checkVerification, startVerification } from "../../core/providers/twilio.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError, badRequest, conflict, notFound, tooManyRequests, unavailable } from "../errors.ts";
import { enforceRateLimit } from "../middleware/rate-limit.ts";
import { errorResponses, jsonBody, jsonResponse, resource, UuidParam, z } from "../openapi.ts";

export const MAX_NUMBERS = 5;

const PhoneSchema = z
  .object({ id: z.string(), e164: z.string(), country: z.string(), label: z.string().nullable(), verified: z.boolean(), verifiedAt: z.string().nullable(), createdAt: z.string() })
  .openapi("PhoneNumber");

const Country = z.object({ code: z.string(), name: z.string(), callingCode: z.string() }).openapi("Country");

const AddNumber = z
  .strictObject({
    number: z.string().min(1, "Enter a phone number.").max(40, "That number is too long."),
    country: z.string().regex(/^[A-Z]{2}$/, "Pick a country.").optional(),
    label: z.string().max(40, "Labels are limited to 40 characters.").regex(/^[^\u0000-\u001f]*$/, "Labels are one line of text.").nullable().optional(),
  })
  .openapi("AddPhoneNumber");

const CheckCode = z.strictObject({ code: z.string().regex(/^\d{4,10}$/, "Enter the code from the SMS (digits only).") }).openapi("VerificationCheck");

function publicNumber(n: PhoneNumber) {
  return {
    id: n.id,
    e164: n.e164,
    country: n.country,
    label: n.label,
    verified: n.verifiedAt !== null,
    verifiedAt: n.verifiedAt === null ? null : new Date(n.verifiedAt).toISOString(),
    createdAt: new Date(n.createdAt).toISOString(),
  };
}

/** Rate-limit keys must not store the number itself (the table outlives accounts). */
async function numberKey(e164: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`cmb-number|${e164}`)));
  return [...d.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function sendCode(c: Context<AppEnv>, n: PhoneNumber): Promise<void> {
  const userId = c.var.user!.id;
  await enforceRateLimit(c.var.db, "verificationSend", userId);
  await enforceRateLimit(c.var.db, "verificationSend", `n:${await numberKey(n.e164)}`);
  try {
    await startVerification(c.var.config.twilio, n.e164);
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    if (e.status === 429) throw tooManyRequests("Too many codes were sent to this number. Try again later.");
    if (e.status === 400) throw badRequest("number_not_reachable", "SMS can't be sent to this number. Check it, or use another one.");
    console.warn(`[numbers] verification send failed: ${e.message}`);
    throw unavailable("sms_unavailable", "Codes can't be sent right now. Please try again in a moment.");
  }
}

async function ownNumber(c: Context<AppEnv>, id: string): Promise<PhoneNumber> {
  const n = await getUserPhoneNumber(c.var.db, c.var.user!.id, id);
  if (!n) throw notFound("Phone number");
  return n;
}

const sent = z.object({ phoneNumber: PhoneSchema, codeSent: z.boolean() });

export const phoneNumbers = resource()
  .openapi(
    createRoute({ method: "get", path: "/", tags: ["phone numbers"], responses: { 200: jsonResponse(z.object({ phoneNumbers: z.array(PhoneSchema) }), "Your numbers"), ...errorResponses } }),
    async (c) => c.json({ phoneNumbers: (await listPhoneNumbers(c.var.db, c.var.user!.id)).map(publicNumber) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/countries",
      tags: ["phone numbers"],
      summary: "Countries numbers may be verified in",
      responses: { 200: jsonResponse(z.object({ countries: z.array(Country) }), "The allow-list"), ...errorResponses },
    }),
    (c) => {
      const countries = c.var.config.allowedCountries.flatMap((code) => {
        const cc = callingCode(code);
        return cc ? [{ code, name: regionName(code), callingCode: cc }] : [];
      });
      return c.json({ countries: countries.sort((a, b) => a.name.localeCompare(b.name)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["phone numbers"],
      summary: `Add a number (at most ${MAX_NUMBERS}) and text it a verification code`,
      request: { body: jsonBody(AddNumber) },
      responses: { 201: jsonResponse(sent, "Added; a code was sent unless it is already verified"), 409: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const userId = c.var.user!.id;
      const parsed = parsePhone(body.number, body.country ?? "", c.var.config.allowedCountries);
      if (!parsed.ok) throw badRequest(parsed.code, parsed.message, { issues: [{ path: "number", message: parsed.message, code: parsed.code }] });
      const existing = (await listPhoneNumbers(c.var.db, userId)).find((n) => n.e164 === parsed.e164);
      if (!existing && (await countPhoneNumbers(c.var.db, userId)) >= MAX_NUMBERS) {
        throw conflict("number_limit", `You can keep up to ${MAX_NUMBERS} numbers. Remove one to add another.`);
      }
      const n = existing ?? (await addPhoneNumber(c.var.db, userId, parsed.e164, parsed.country, body.label ?? null));
      if (n.verifiedAt) return c.json({ phoneNumber: publicNumber(n), codeSent: false }, 201);
      await sendCode(c, n);
      return c.json({ phoneNumber: publicNumber(n), codeSent: true }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/verification",
      tags: ["phone numbers"],
      summary: "Send the verification code again",
      request: { params: UuidParam },
      responses: { 200: jsonResponse(sent, "Sent"), ...errorResponses },
    }),
    async (c) => {
      const n = await ownNumber(c, c.req.valid("param").id);
      if (n.verifiedAt) return c.json({ phoneNumber: publicNumber(n), codeSent: false }, 200);
      await sendCode(c, n);
      return c.json({ phoneNumber: publicNumber(n), codeSent: true }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/verification/check",
      tags: ["phone numbers"],
      summary: "Check the SMS code; the number is verified when it matches",
      request: { params: UuidParam, body: jsonBody(CheckCode) },
      responses: { 200: jsonResponse(z.object({ phoneNumber: PhoneSchema }), "Verified"), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { code } = c.req.valid("json");
      const n = await ownNumber(c, id);
      if (n.verifiedAt) return c.json({ phoneNumber: publicNumber(n) }, 200);
      await enforceRateLimit(c.var.db, "verificationCheck", `${c.var.user!.id}:${n.id}`);
      let result;
      try {
        result = await checkVerification(c.var.config.twilio, n.e164, code);
      } catch (e) {
        if (!(e instanceof ProviderError)) throw e;
        if (e.status === 404) throw new ApiError(410, "code_expired", "That code has expired or was already used. Send a new code.");
        if (e.status === 429) throw tooManyRequests("Too many wrong codes. Send a new code and try again.");
        console.warn(`[numbers] verification check failed: ${e.message}`);
        throw unavailable("sms_unavailable", "Codes can't be checked right now. Please try again in a moment.");
      }
      if (result.status !== "approved") throw badRequest("wrong_code", "That code isn't right. Check the SMS and try again.", { issues: [{ path: "code", message: "That code isn't right.", code: "wrong_code" }] });
      const verified = await markVerified(c.var.db, c.var.user!.id, n.id);
      if (!verified) throw notFound("Phone number");
      return c.json({ phoneNumber: publicNumber(verified) }, 200);
    },
  )
  .openapi(
    createRoute({ method: "delete", path: "/{id}", tags: ["phone numbers"], summary: "Remove a number", request: { params: UuidParam }, responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), "Removed"), ...errorResponses } }),
    async (c) => {
      if (!(await deletePhoneNumber(c.var.db, c.var.user!.id, c.req.valid("param").id))) throw notFound("Phone number");
      return c.json({ ok: true as const }, 200);
    },
  );
