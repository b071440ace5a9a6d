// What each persona remembers about you: view, add, edit and delete items, and forget
// everything. Always the signed-in user's own rows for a persona they can see; an item id
// from someone else (or another persona) is simply not found.
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { addMemory, deleteMemory, forgetPersona, listMemories, listSummaries, memoryOverview, updateMemory } from "../../core/db/memories.ts";
import { getPersonaForUser } from "../../core/db/personas.ts";
import { localDate } from "../../core/memory/rank.ts";
import { oneLine } from "../../core/memory/sanitize.ts";
import { validDueDate } from "../../core/memory/summary-parse.ts";
import { MEMORY_LIMITS } from "../../core/memory/types.ts";
import type { AppEnv } from "../app-env.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { errorResponses, jsonBody, jsonResponse, resource, z } from "../openapi.ts";
import { ItemParams, MemoryOverview, MemorySchema, MemoryUpdate, NewMemory, PersonaMemory, PersonaParam, publicMemory } from "./memory-schemas.ts";

async function persona(c: Context<AppEnv>, personaId: string) {
  const p = await getPersonaForUser(c.var.db, c.var.user!.id, personaId);
  if (!p) throw notFound("Persona");
  return p;
}

/** A day people can mean: checked on their own calendar, a year back to two years ahead. */
function dueDate(c: Context<AppEnv>, raw: string | null | undefined): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const ok = validDueDate(raw, localDate(new Date(), c.var.user!.timeZone));
  if (!ok) throw badRequest("invalid_request", "dueDate: choose a real date within the next two years.", { issues: [{ path: "dueDate", message: "Choose a real date within the next two years.", code: "custom" }] });
  return ok;
}

const tags = ["memories"];

export const memories = resource()
  .openapi(
    createRoute({ method: "get", path: "/", tags, summary: "Personas that remember something about you", responses: { 200: jsonResponse(MemoryOverview, "Newest first"), ...errorResponses } }),
    async (c) => c.json({ personas: await memoryOverview(c.var.db, c.var.user!.id) }, 200),
  )
  .openapi(
    createRoute({ method: "get", path: "/{personaId}", tags, summary: "What one persona remembers: recent call summaries and items", request: { params: PersonaParam }, responses: { 200: jsonResponse(PersonaMemory, "The memory"), ...errorResponses } }),
    async (c) => {
      const p = await persona(c, c.req.valid("param").personaId);
      const userId = c.var.user!.id;
      const [summaries, items] = await Promise.all([listSummaries(c.var.db, userId, p.id), listMemories(c.var.db, userId, p.id)]);
      return c.json({ persona: { id: p.id, name: p.name }, summaries, items: items.map(publicMemory) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{personaId}/items",
      tags,
      summary: `Tell a persona something to remember (at most ${MEMORY_LIMITS.perPersona} items each)`,
      request: { params: PersonaParam, body: jsonBody(NewMemory) },
      responses: { 201: jsonResponse(MemorySchema, "Added"), 409: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const p = await persona(c, c.req.valid("param").personaId);
      const body = c.req.valid("json");
      const m = await addMemory(c.var.db, c.var.user!.id, p.id, { kind: body.kind, text: oneLine(body.text), dueDate: dueDate(c, body.dueDate) ?? null });
      if (!m) throw conflict("memory_full", `${p.name} already remembers ${MEMORY_LIMITS.perPersona} things. Delete one to make room.`);
      return c.json(publicMemory(m), 201);
    },
  )
  .openapi(
    createRoute({ method: "patch", path: "/{personaId}/items/{itemId}", tags, summary: "Correct a remembered item", request: { params: ItemParams, body: jsonBody(MemoryUpdate) }, responses: { 200: jsonResponse(MemorySchema, "Updated"), ...errorResponses } }),
    async (c) => {
      const { personaId, itemId } = c.req.valid("param");
      const body = c.req.valid("json");
      const m = await updateMemory(c.var.db, c.var.user!.id, personaId, itemId, {
        kind: body.kind,
        text: body.text === undefined ? undefined : oneLine(body.text),
        dueDate: dueDate(c, body.dueDate),
      });
      if (!m) throw notFound("Memory");
      return c.json(publicMemory(m), 200);
    },
  )
  .openapi(
    createRoute({ method: "delete", path: "/{personaId}/items/{itemId}", tags, summary: "Delete a remembered item", request: { params: ItemParams }, responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), "Deleted"), ...errorResponses } }),
    async (c) => {
      const { personaId, itemId } = c.req.valid("param");
      if (!(await deleteMemory(c.var.db, c.var.user!.id, personaId, itemId))) throw notFound("Memory");
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{personaId}",
      tags,
      summary: "Forget everything: every item and call summary this persona keeps about you",
      request: { params: PersonaParam },
      responses: { 200: jsonResponse(z.object({ ok: z.literal(true), items: z.number().int(), summaries: z.number().int() }), "Forgotten"), ...errorResponses },
    }),
    async (c) => {
      const { personaId } = c.req.valid("param");
      // Like every other route here: a persona you can't see is 404, not an empty success.
      await persona(c, personaId);
      const r = await forgetPersona(c.var.db, c.var.user!.id, personaId);
      return c.json({ ok: true as const, ...r }, 200);
    },
  );
