import { createRoute } from "@hono/zod-openapi";
import { listTurns, listUsage } from "../../core/db/call-records.ts";
import { getUserCall, listUserCalls, isTerminal, type CallRow } from "../../core/db/calls.ts";
import { CALL_LENGTHS, DEFAULT_CALL_LENGTH, type CallLengthSeconds } from "../../core/pricing.ts";
import { callStub } from "../calls/stubs.ts";
import { placeCall } from "../calls/place-call.ts";
import { badRequest, conflict, forbidden, notFound } from "../errors.ts";
import { enforceRateLimit } from "../middleware/rate-limit.ts";
import { errorResponses, jsonBody, jsonResponse, resource, UuidParam, z } from "../openapi.ts";

export const CallSchema = z
  .object({
    id: z.string(),
    personaId: z.string().nullable(),
    personaName: z.string(),
    channel: z.enum(["phone", "web"]),
    toE164: z.string().nullable(),
    status: z.string(),
    endReason: z.string().nullable(),
    purchasedSeconds: z.number().int(),
    priceCents: z.number().int(),
    extensions: z.number().int(),
    createdAt: z.string(),
    answeredAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    durationSeconds: z.number().int().nullable(),
    scheduleRunId: z.string().nullable(),
  })
  .openapi("Call");

export function publicCall(c: CallRow) {
  const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    id: c.id,
    personaId: c.personaId,
    personaName: c.personaName,
    channel: c.channel,
    toE164: c.toE164,
    status: c.status,
    endReason: c.endReason,
    purchasedSeconds: c.purchasedSeconds,
    priceCents: c.priceCents,
    extensions: c.extensions,
    createdAt: new Date(c.createdAt).toISOString(),
    answeredAt: iso(c.answeredAt),
    endedAt: iso(c.endedAt),
    durationSeconds: c.durationSeconds,
    scheduleRunId: c.scheduleRunId,
  };
}

const CreateCall = z
  .strictObject({
    personaId: z.string().min(1).max(64),
    channel: z.enum(["phone", "web"]).default("phone"),
    phoneNumberId: z.uuid().optional(),
    lengthSeconds: z
      .number()
      .int()
      .refine((n) => (CALL_LENGTHS as readonly number[]).includes(n), { message: `length must be one of ${CALL_LENGTHS.join(", ")} seconds` })
      .default(DEFAULT_CALL_LENGTH),
    /** Operators only: run this call with the naive turn-taking baseline. */
    experiment: z.enum(["naive"]).optional(),
  })
  .openapi("CreateCall");

const Turn = z.object({
  seq: z.number().int(),
  speaker: z.enum(["agent", "caller"]),
  text: z.string(),
  heardText: z.string().nullable(),
  interrupted: z.boolean(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  sttFinalMs: z.number().nullable(),
  llmFirstTokenMs: z.number().nullable(),
  ttsFirstAudioMs: z.number().nullable(),
  overheadMs: z.number().nullable(),
  mouthToEarMs: z.number().nullable(),
});

const Usage = z.object({ provider: z.string(), unit: z.string(), quantity: z.number(), costMicrousd: z.number() });

const CallDetail = z.object({ call: CallSchema, turns: z.array(Turn), usage: z.array(Usage), costMicrousd: z.number() }).openapi("CallDetail");

const IdempotencyHeader = z.object({ "idempotency-key": z.string().min(8).max(100).optional().openapi({ param: { name: "idempotency-key", in: "header", description: "Any unique string per intended call: a repeat with the same key returns the same call" } }) });

export const calls = resource()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["calls"],
      summary: "Place a call now (phone) or start a web call",
      request: { body: jsonBody(CreateCall), headers: IdempotencyHeader },
      responses: { 201: jsonResponse(CallSchema, "The call"), 402: errorResponses[400], 409: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const user = c.var.user!;
      if (body.experiment && user.role !== "admin") throw forbidden("operators_only", "Experiments are for operators.");
      if (body.channel === "phone" && !body.phoneNumberId) throw badRequest("phone_number_required", "Choose a verified phone number to call.");
      // A web call has no number; one sent anyway would be stored as the call's number.
      if (body.channel === "web" && body.phoneNumberId) throw badRequest("phone_number_not_allowed", "A web call happens in the browser: leave out phoneNumberId.");
      await enforceRateLimit(c.var.db, "callPlace", user.id);
      const call = await placeCall(c.env, c.var.config, c.var.db, {
        userId: user.id,
        personaId: body.personaId,
        channel: body.channel,
        phoneNumberId: body.phoneNumberId,
        lengthSeconds: body.lengthSeconds as CallLengthSeconds,
        idempotencyKey: c.req.valid("header")["idempotency-key"],
        naive: body.experiment === "naive",
      });
      return c.json(publicCall(call), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["calls"],
      request: { query: z.object({ before: z.iso.datetime().optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }) },
      responses: { 200: jsonResponse(z.object({ calls: z.array(CallSchema) }), "Your calls, newest first"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const rows = await listUserCalls(c.var.db, c.var.user!.id, q.limit, q.before);
      return c.json({ calls: rows.map(publicCall) }, 200);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/{id}", tags: ["calls"], request: { params: UuidParam }, responses: { 200: jsonResponse(CallDetail, "The call with transcript and costs"), ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid("param");
      const call = await getUserCall(c.var.db, c.var.user!.id, id);
      if (!call) throw notFound("Call");
      const [turns, usage] = await Promise.all([listTurns(c.var.db, id), listUsage(c.var.db, id)]);
      const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
      return c.json(
        {
          call: publicCall(call),
          turns: turns.map((t) => ({ ...t, startedAt: new Date(t.startedAt).toISOString(), endedAt: iso(t.endedAt) })),
          usage,
          costMicrousd: usage.reduce((a, u) => a + u.costMicrousd, 0),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/stream-token",
      tags: ["calls"],
      summary: "The media-stream token of your web call, for the browser's start message",
      description:
        "A web call's browser speaks Twilio's media-stream format over /api/calls/{id}/web and must send the call's stream token in start.customParameters.token, as Twilio does with the TwiML <Parameter>. Only the owner gets it, only for a web call that has not ended; it is never put in a URL.",
      request: { params: UuidParam },
      responses: { 200: jsonResponse(z.object({ token: z.string() }), "The token"), 409: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const call = await getUserCall(c.var.db, c.var.user!.id, id);
      if (!call) throw notFound("Call");
      if (call.channel !== "web") throw badRequest("not_a_web_call", "This call is a phone call.");
      const t = isTerminal(call.status) ? null : await callStub(c.env, id).twiml();
      if (!t || t.ended) throw conflict("call_ended", "This call has ended.");
      c.header("Cache-Control", "no-store");
      return c.json({ token: t.token }, 200);
    },
  )
  .openapi(
    createRoute({ method: "post", path: "/{id}/hangup", tags: ["calls"], request: { params: UuidParam }, responses: { 200: jsonResponse(z.object({ ok: z.boolean() }), "Hanging up"), ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid("param");
      const call = await getUserCall(c.var.db, c.var.user!.id, id);
      if (!call) throw notFound("Call");
      if (!isTerminal(call.status)) await callStub(c.env, id).hangUp("hung_up_in_app");
      return c.json({ ok: true }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/extend",
      tags: ["calls"],
      summary: "Add five more minutes during the last two minutes of a call",
      request: { params: UuidParam },
      responses: { 200: jsonResponse(z.object({ ok: z.boolean(), message: z.string() }), "The outcome"), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const call = await getUserCall(c.var.db, c.var.user!.id, id);
      if (!call) throw notFound("Call");
      const r = await callStub(c.env, id).extend();
      return c.json({ ok: r.ok, message: r.message }, 200);
    },
  );
