import { createRoute } from "@hono/zod-openapi";
import { balanceCents } from "../../core/db/credits.ts";
import { updateUserSettings } from "../../core/db/users.ts";
import { deleteAccount } from "../account/delete-account.ts";
import { storedText } from "../text-schema.ts";
import { errorResponses, jsonBody, jsonResponse, resource, z } from "../openapi.ts";
import { isValidTimeZone } from "../../core/time-zone.ts";
import { serializeCookie, sessionCookie } from "../../core/auth/cookie.ts";

const Me = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    timeZone: z.string(),
    quietStart: z.string().nullable(),
    quietEnd: z.string().nullable(),
    monthlyBudgetCents: z.number().int().nullable(),
    role: z.enum(["user", "admin"]),
    balanceCents: z.number().int(),
  })
  .openapi("Me");

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use HH:MM (24-hour)");

const Settings = z
  .strictObject({
    name: storedText("Name", { min: 0, max: 100 }, { blankOk: true }).optional(),
    timeZone: z.string().refine(isValidTimeZone, "unknown IANA time zone").optional(),
    quietStart: HHMM.nullable().optional(),
    quietEnd: HHMM.nullable().optional(),
    monthlyBudgetCents: z.number().int().min(0).max(1_000_000).nullable().optional(),
  })
  .refine((s) => (s.quietStart === undefined) === (s.quietEnd === undefined) && (s.quietStart === null) === (s.quietEnd === null), {
    message: "set quietStart and quietEnd together",
  })
  .openapi("SettingsUpdate");

export const me = resource()
  .openapi(createRoute({ method: "get", path: "/", tags: ["account"], responses: { 200: jsonResponse(Me, "The signed-in person"), ...errorResponses } }), async (c) => {
    const u = c.var.user!;
    return c.json({ ...pick(u), balanceCents: await balanceCents(c.var.db, u.id) }, 200);
  })
  .openapi(
    createRoute({ method: "patch", path: "/", tags: ["account"], request: { body: jsonBody(Settings) }, responses: { 200: jsonResponse(Me, "Updated"), ...errorResponses } }),
    async (c) => {
      const body = c.req.valid("json");
      const u = await updateUserSettings(c.var.db, c.var.user!.id, body);
      return c.json({ ...pick(u), balanceCents: await balanceCents(c.var.db, u.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/",
      tags: ["account"],
      summary: "Delete the account and all its data, and sign out everywhere",
      responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), "Account and all its data deleted"), ...errorResponses },
    }),
    async (c) => {
      await deleteAccount({ env: c.env, config: c.var.config, db: c.var.db, userId: c.var.user!.id }, c.var.sessionId);
      const spec = sessionCookie(c.var.config.appUrl);
      c.header("Set-Cookie", serializeCookie(spec.name, "", { secure: spec.secure, maxAge: 0 }));
      return c.json({ ok: true as const }, 200);
    },
  );

function pick(u: NonNullable<import("../app-env.ts").AppEnv["Variables"]["user"]>) {
  return { id: u.id, email: u.email, name: u.name, timeZone: u.timeZone, quietStart: u.quietStart, quietEnd: u.quietEnd, monthlyBudgetCents: u.monthlyBudgetCents, role: u.role };
}
