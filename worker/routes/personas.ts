// Personas: the system ones plus the user's own; create/edit/delete your own; your own prompt
// and voice for a system persona (override); favourites.
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { countOwnPersonas, createOwnPersona, deleteOwnPersona, getPersonaForUser, listPersonas, setFavourite, setOverride, updateOwnPersona } from "../../core/db/personas.ts";
import { newPersonaId, PERSONA_LIMITS } from "../../core/personas/rules.ts";
import { ProviderError } from "../../core/providers/errors.ts";
import type { AppEnv } from "../app-env.ts";
import { badRequest, conflict, forbidden, notFound, unavailable } from "../errors.ts";
import { errorResponses, jsonBody, jsonResponse, resource, z } from "../openapi.ts";
import { findVoice } from "../voices/catalog.ts";
import { CreatePersona, Favourite, PersonaId, PersonaOverride, PersonaSchema, publicPersona, UpdatePersona } from "./persona-schemas.ts";

/** The voice must be one ElevenLabs offers (checked against the cached list). */
async function requireVoice(c: Context<AppEnv>, voiceId: string | null | undefined): Promise<void> {
  if (!voiceId) return;
  let found;
  try {
    found = await findVoice(c.var.config, voiceId);
  } catch (e) {
    if (e instanceof ProviderError) throw unavailable("voices_unavailable", "Voices can't be checked right now. Please try again in a moment.");
    throw e;
  }
  if (!found) throw badRequest("unknown_voice", "That voice isn't available. Choose one from the list.", { issues: [{ path: "voiceId", message: "Choose a voice from the list.", code: "custom" }] });
}

async function readPersona(c: Context<AppEnv>, id: string) {
  const p = await getPersonaForUser(c.var.db, c.var.user!.id, id);
  if (!p) throw notFound("Persona");
  return p;
}

const one = (description: string) => jsonResponse(PersonaSchema, description);

export const personas = resource()
  .openapi(
    createRoute({ method: "get", path: "/", tags: ["personas"], summary: "System personas and your own", responses: { 200: jsonResponse(z.object({ personas: z.array(PersonaSchema) }), "Personas, favourites first"), ...errorResponses } }),
    async (c) => c.json({ personas: (await listPersonas(c.var.db, c.var.user!.id)).map(publicPersona) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["personas"],
      summary: `Create a custom persona (at most ${PERSONA_LIMITS.ownPersonas})`,
      request: { body: jsonBody(CreatePersona) },
      responses: { 201: one("Created"), 409: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const userId = c.var.user!.id;
      await requireVoice(c, body.voiceId);
      if ((await countOwnPersonas(c.var.db, userId)) >= PERSONA_LIMITS.ownPersonas) {
        throw conflict("persona_limit", `You can have up to ${PERSONA_LIMITS.ownPersonas} personas of your own. Delete one to make room.`);
      }
      const id = newPersonaId();
      await createOwnPersona(c.var.db, userId, id, body);
      return c.json(publicPersona(await readPersona(c, id)), 201);
    },
  )
  .openapi(createRoute({ method: "get", path: "/{id}", tags: ["personas"], request: { params: PersonaId }, responses: { 200: one("The persona"), ...errorResponses } }), async (c) =>
    c.json(publicPersona(await readPersona(c, c.req.valid("param").id)), 200),
  )
  .openapi(
    createRoute({ method: "patch", path: "/{id}", tags: ["personas"], summary: "Edit your own persona", request: { params: PersonaId, body: jsonBody(UpdatePersona) }, responses: { 200: one("Updated"), ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const p = await readPersona(c, id);
      if (p.ownerId === null) throw forbidden("system_persona", "System personas can't be edited. Set your own prompt and voice for it instead (its override).");
      await requireVoice(c, body.voiceId);
      if (!(await updateOwnPersona(c.var.db, c.var.user!.id, id, body))) throw notFound("Persona");
      return c.json(publicPersona(await readPersona(c, id)), 200);
    },
  )
  .openapi(
    createRoute({ method: "delete", path: "/{id}", tags: ["personas"], summary: "Delete your own persona", request: { params: PersonaId }, responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), "Deleted"), ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid("param");
      const p = await readPersona(c, id);
      if (p.ownerId === null) throw forbidden("system_persona", "System personas can't be deleted.");
      if (!(await deleteOwnPersona(c.var.db, c.var.user!.id, id))) throw notFound("Persona");
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/{id}/override",
      tags: ["personas"],
      summary: "Your own prompt and/or voice for a system persona (null resets a part)",
      request: { params: PersonaId, body: jsonBody(PersonaOverride) },
      responses: { 200: one("Updated"), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const p = await readPersona(c, id);
      if (p.ownerId !== null) throw badRequest("not_a_system_persona", "This persona is yours: edit it directly.");
      await requireVoice(c, body.voiceId);
      await setOverride(c.var.db, c.var.user!.id, id, {
        systemPrompt: body.systemPrompt === undefined ? p.promptOverride : body.systemPrompt,
        voiceId: body.voiceId === undefined ? p.voiceOverride : body.voiceId,
      });
      return c.json(publicPersona(await readPersona(c, id)), 200);
    },
  )
  .openapi(
    createRoute({ method: "delete", path: "/{id}/override", tags: ["personas"], summary: "Back to the persona's own prompt and voice", request: { params: PersonaId }, responses: { 200: one("Reset"), ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid("param");
      await readPersona(c, id);
      await setOverride(c.var.db, c.var.user!.id, id, { systemPrompt: null, voiceId: null });
      return c.json(publicPersona(await readPersona(c, id)), 200);
    },
  )
  .openapi(
    createRoute({ method: "put", path: "/{id}/favourite", tags: ["personas"], summary: "Keep a persona in your favourites (contacts)", request: { params: PersonaId, body: jsonBody(Favourite) }, responses: { 200: one("Updated"), ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid("param");
      await readPersona(c, id);
      await setFavourite(c.var.db, c.var.user!.id, id, c.req.valid("json").favourite);
      return c.json(publicPersona(await readPersona(c, id)), 200);
    },
  );
