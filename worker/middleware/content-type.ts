import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * JSON routes take JSON only. Hono's validator treats a body of another type as `{}`, which
 * would let a text/plain or form body slip through optional-field schemas; refuse it instead.
 */
export const jsonOnly = createMiddleware<AppEnv>(async (c, next) => {
  const m = c.req.method;
  if (m === "POST" || m === "PUT" || m === "PATCH" || m === "DELETE") {
    const type = c.req.header("content-type");
    const hasBody = (c.req.header("content-length") ?? "0") !== "0" || c.req.header("transfer-encoding") !== undefined;
    if ((hasBody || type) && !JSON_TYPE.test(type ?? "")) throw new ApiError(415, "unsupported_media_type", "Send the request body as application/json.");
  }
  await next();
});
