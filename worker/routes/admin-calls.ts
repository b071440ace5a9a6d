// Operator tools for live calls.
import { createRoute } from "@hono/zod-openapi";
import { getCall } from "../../core/db/calls.ts";
import { callStub } from "../calls/stubs.ts";
import { notFound } from "../errors.ts";
import { requireAdmin } from "../middleware/session.ts";
import { errorResponses, jsonResponse, resource, UuidParam, z } from "../openapi.ts";

export const adminCalls = resource();
adminCalls.use("*", requireAdmin);
adminCalls.openapi(
  createRoute({
    method: "post",
    path: "/{id}/reset",
    tags: ["operator"],
    summary: "Reset a call's session object; the call resumes with its context when the stream reconnects",
    request: { params: UuidParam },
    responses: { 200: jsonResponse(z.object({ ok: z.boolean() }), "Reset requested"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    if (!(await getCall(c.var.db, id))) throw notFound("Call");
    // abort() ends the object mid-RPC: the caller sees an error, which is the point.
    await callStub(c.env, id)
      .reset()
      .catch(() => {});
    return c.json({ ok: true }, 200);
  },
);
