// Every resource route is declared with @hono/zod-openapi: the same zod schema validates the
// request at the edge and documents it in /api/openapi.json. Validation failures become
// {"error":{"code":"invalid_request",...}} through the one error mapper.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env.ts";
import { badRequest } from "./errors.ts";

export { z };

export function resource(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code }));
        const first = issues[0];
        const where = first?.path ? `${first.path}: ` : "";
        throw badRequest("invalid_request", `${where}${first?.message ?? "Invalid request."}`, { issues });
      }
    },
  });
}

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi("Error");

const err = (description: string) => ({ description, content: { "application/json": { schema: ErrorSchema } } });

/** The error answers every authenticated route can give. */
export const errorResponses = {
  400: err("Invalid request"),
  401: err("Not signed in"),
  403: err("Forbidden (e.g. a foreign Origin)"),
  404: err("Not found (or not yours)"),
  429: err("Rate limited"),
};

export function jsonBody<T extends z.ZodType>(schema: T, description = "Request body") {
  return { required: true, description, content: { "application/json": { schema } } };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export const IdParam = (name: string) => z.object({ [name]: z.string().min(1).max(100).openapi({ param: { name, in: "path" } }) });
export const UuidParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
