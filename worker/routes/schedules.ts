// Scheduled calls: each user's agenda (durable-objects/user-agenda/) owns them; these routes
// validate what only the API can (the persona is yours, the number is yours and verified),
// turn the request into a schedule spec and hand it to the agenda. Times come back on the
// user's own clock ("Tue 19:30, Europe/Berlin").
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getPersonaForUser } from "../../core/db/personas.ts";
import { getUserPhoneNumber } from "../../core/db/phone-numbers.ts";
import type { User } from "../../core/db/users.ts";
import { calleeZone } from "../../core/schedule/callee-zone.ts";
import { formatWhen } from "../../core/schedule/format.ts";
import { previewOccurrences } from "../../core/schedule/preview.ts";
import { LEGAL_WINDOW, type Recurrence } from "../../core/schedule/types.ts";
import { localDate, wallClockToInstant } from "../../core/schedule/wall-clock.ts";
import type { ScheduleSpec, ScheduleView, UserSettings } from "../../durable-objects/user-agenda/index.ts";
import { agendaStub } from "../../durable-objects/user-agenda/stub.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError, badRequest, conflict, notFound } from "../errors.ts";
import { errorResponses, jsonBody, jsonResponse, resource, UuidParam, z } from "../openapi.ts";
import { PreviewInput, Run, ScheduleInput, ScheduleOut, Upcoming, UpcomingCall, type ScheduleInputBody } from "./schedule-schemas.ts";

type Ctx = Context<AppEnv>;

export function settingsOf(u: User): UserSettings {
  return { timeZone: u.timeZone, quietStart: u.quietStart, quietEnd: u.quietEnd };
}

function withStart(r: ScheduleInputBody["recurrence"], today: string): Recurrence {
  return r.kind === "once" ? r : { ...r, start: r.start ?? today };
}

/** Everything the agenda needs, checked against this user's own personas and numbers. */
async function toSpec(c: Ctx, body: ScheduleInputBody): Promise<ScheduleSpec> {
  const user = c.var.user!;
  const [persona, number] = await Promise.all([getPersonaForUser(c.var.db, user.id, body.personaId), getUserPhoneNumber(c.var.db, user.id, body.phoneNumberId)]);
  if (!persona) throw notFound("Persona");
  if (!number) throw notFound("Phone number");
  if (!number.verifiedAt) throw new ApiError(403, "number_not_verified", "Verify this number with the SMS code before scheduling calls to it.");
  const timeZone = body.timeZone ?? user.timeZone;
  const recurrence = withStart(body.recurrence, localDate(Date.now(), timeZone));
  if (recurrence.kind === "once" && wallClockToInstant(recurrence.date, body.localTime, timeZone).ms <= Date.now()) {
    throw badRequest("in_the_past", "That date and time has already passed.");
  }
  if (recurrence.kind !== "once" && body.untilDate && body.untilDate < recurrence.start) throw badRequest("invalid_request", "untilDate: the schedule would end before it starts.");
  return {
    personaId: persona.id,
    phoneNumberId: number.id,
    lengthSeconds: body.lengthSeconds,
    timing: { localTime: body.localTime, timeZone, recurrence, untilDate: body.untilDate ?? null, maxOccurrences: body.maxOccurrences ?? null },
    retryMax: body.retryMax,
    retryIntervalMinutes: body.retryIntervalMinutes,
    quietPolicy: body.quietPolicy,
    calleeZone: calleeZone(number.country, timeZone).zone,
    source: "app",
  };
}

function publicSchedule(v: ScheduleView, zone: string) {
  const { open: _open, paused: _paused, ...rest } = v;
  return { ...rest, next: v.next.map((n) => ({ ...n, label: formatWhen(Date.parse(n.at), zone) })) };
}

const stub = (c: Ctx) => agendaStub(c.env, c.var.user!.id);
const Id = UuidParam;

export const schedules = resource()
  .openapi(
    createRoute({ method: "get", path: "/", tags: ["schedules"], summary: "Your schedules, each with its next 5 occurrences", responses: { 200: jsonResponse(z.object({ schedules: z.array(ScheduleOut), recent: z.array(Run) }), "Schedules and recent occurrences"), ...errorResponses } }),
    async (c) => {
      const u = c.var.user!;
      const r = await stub(c).list(u.id, settingsOf(u));
      return c.json({ schedules: r.schedules.map((s) => publicSchedule(s, u.timeZone)), recent: r.recent.map((o) => ({ ...o, at: o.dueAt, label: formatWhen(Date.parse(o.dueAt), u.timeZone) })) }, 200);
    },
  )
  .openapi(
    createRoute({ method: "post", path: "/", tags: ["schedules"], summary: "Schedule a call (one-off or recurring)", request: { body: jsonBody(ScheduleInput) }, responses: { 201: jsonResponse(ScheduleOut, "The schedule"), 409: errorResponses[400], ...errorResponses } }),
    async (c) => {
      const u = c.var.user!;
      const r = await stub(c).create(u.id, settingsOf(u), await toSpec(c, c.req.valid("json")));
      if ("error" in r) throw r.error === "too_many" ? conflict("too_many_schedules", "You have reached the limit of 100 schedules. Delete some first.") : notFound("Persona or phone number");
      return c.json(publicSchedule(r.schedule, u.timeZone), 201);
    },
  )
  .openapi(
    createRoute({ method: "post", path: "/preview", tags: ["schedules"], summary: "The next 5 occurrences of a schedule being edited", request: { body: jsonBody(PreviewInput) }, responses: { 200: jsonResponse(z.object({ next: z.array(Upcoming) }), "Preview"), ...errorResponses } }),
    async (c) => {
      const u = c.var.user!;
      const body = c.req.valid("json");
      const zone = body.timeZone ?? u.timeZone;
      const number = body.phoneNumberId ? await getUserPhoneNumber(c.var.db, u.id, body.phoneNumberId) : undefined;
      const now = Date.now();
      const timing = { localTime: body.localTime, timeZone: zone, recurrence: withStart(body.recurrence, localDate(now, zone)), untilDate: body.untilDate ?? null, maxOccurrences: body.maxOccurrences ?? null };
      const rules = { userZone: u.timeZone, userQuiet: u.quietStart && u.quietEnd ? { start: u.quietStart, end: u.quietEnd } : null, calleeZone: calleeZone(number?.country, zone).zone, legal: LEGAL_WINDOW };
      const next = previewOccurrences(timing, rules, body.quietPolicy, now, 5).map((p) => {
        const at = p.atMs ?? p.slot.atMs;
        return { key: p.slot.key, at: new Date(at).toISOString(), label: formatWhen(at, u.timeZone), status: p.kind === "skipped" ? ("will_skip" as const) : ("planned" as const), detail: p.kind === "ok" ? null : p.detail };
      });
      return c.json({ next }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/upcoming",
      tags: ["schedules"],
      summary: "Your next scheduled calls across all schedules, and what recently happened to them",
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }) },
      responses: { 200: jsonResponse(z.object({ calls: z.array(UpcomingCall), recent: z.array(Run) }), "Upcoming calls"), ...errorResponses },
    }),
    async (c) => {
      const u = c.var.user!;
      const { limit } = c.req.valid("query");
      const r = await stub(c).list(u.id, settingsOf(u));
      const calls = r.schedules
        .flatMap((s) => s.next.filter((n) => n.status !== "will_skip").map((n) => ({ ...n, scheduleId: s.id, personaId: s.personaId, lengthSeconds: s.lengthSeconds, label: formatWhen(Date.parse(n.at), u.timeZone) })))
        .sort((a, b) => a.at.localeCompare(b.at))
        .slice(0, limit);
      return c.json({ calls, recent: r.recent.map((o) => ({ ...o, at: o.dueAt, label: formatWhen(Date.parse(o.dueAt), u.timeZone) })) }, 200);
    },
  )
  .openapi(createRoute({ method: "get", path: "/{id}", tags: ["schedules"], request: { params: Id }, responses: { 200: jsonResponse(ScheduleOut, "The schedule"), ...errorResponses } }), async (c) => {
    const v = await stub(c).get(c.var.user!.id, c.req.valid("param").id);
    if (!v) throw notFound("Schedule");
    return c.json(publicSchedule(v, c.var.user!.timeZone), 200);
  })
  .openapi(
    createRoute({ method: "put", path: "/{id}", tags: ["schedules"], summary: "Edit a schedule (occurrences not yet started are planned afresh)", request: { params: Id, body: jsonBody(ScheduleInput) }, responses: { 200: jsonResponse(ScheduleOut, "The schedule"), ...errorResponses } }),
    async (c) => {
      const u = c.var.user!;
      const v = await stub(c).update(u.id, settingsOf(u), c.req.valid("param").id, await toSpec(c, c.req.valid("json")));
      if (!v) throw notFound("Schedule");
      return c.json(publicSchedule(v, u.timeZone), 200);
    },
  )
  .openapi(createRoute({ method: "post", path: "/{id}/pause", tags: ["schedules"], request: { params: Id }, responses: { 200: jsonResponse(ScheduleOut, "Paused"), ...errorResponses } }), async (c) => {
    const u = c.var.user!;
    const v = await stub(c).setPaused(u.id, settingsOf(u), c.req.valid("param").id, true);
    if (!v) throw notFound("Schedule");
    return c.json(publicSchedule(v, u.timeZone), 200);
  })
  .openapi(createRoute({ method: "post", path: "/{id}/resume", tags: ["schedules"], request: { params: Id }, responses: { 200: jsonResponse(ScheduleOut, "Resumed"), ...errorResponses } }), async (c) => {
    const u = c.var.user!;
    const v = await stub(c).setPaused(u.id, settingsOf(u), c.req.valid("param").id, false);
    if (!v) throw notFound("Schedule");
    return c.json(publicSchedule(v, u.timeZone), 200);
  })
  .openapi(createRoute({ method: "delete", path: "/{id}", tags: ["schedules"], request: { params: Id }, responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), "Deleted"), ...errorResponses } }), async (c) => {
    if (!(await stub(c).remove(c.var.user!.id, c.req.valid("param").id))) throw notFound("Schedule");
    return c.json({ ok: true as const }, 200);
  });
