// The memory routes are mounted on the one OpenAPI app and document themselves.
import { OpenAPIHono } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { api } from "../../../worker/routes/index.ts";
import { memories } from "../../../worker/routes/memories.ts";

describe("memory routes", () => {
  it("are mounted under /memories behind the API's session guard", () => {
    const paths = api.routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        "GET /memories",
        "GET /memories/:personaId",
        "POST /memories/:personaId/items",
        "PATCH /memories/:personaId/items/:itemId",
        "DELETE /memories/:personaId/items/:itemId",
        "DELETE /memories/:personaId",
      ]),
    );
  });

  it("produce a valid OpenAPI description", () => {
    const app = new OpenAPIHono().route("/memories", memories);
    const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual(["/memories", "/memories/{personaId}", "/memories/{personaId}/items", "/memories/{personaId}/items/{itemId}"]);
  });
});
