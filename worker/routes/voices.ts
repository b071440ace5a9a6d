// The voices a persona can speak with (ElevenLabs' list) and a short sample of each.
import { createRoute } from "@hono/zod-openapi";
import { ProviderError } from "../../core/providers/errors.ts";
import { notFound, unavailable } from "../errors.ts";
import { enforceRateLimit } from "../middleware/rate-limit.ts";
import { errorResponses, jsonResponse, resource, z } from "../openapi.ts";
import { findVoice, voiceList, voicePreview } from "../voices/catalog.ts";

const VoiceSchema = z.object({ voiceId: z.string(), name: z.string(), description: z.string(), labels: z.record(z.string(), z.string()) }).openapi("Voice");

const VoiceParam = z.object({ voiceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a voice id").openapi({ param: { name: "voiceId", in: "path" } }) });

async function fromProvider<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ProviderError) {
      console.warn(`[voices] ${e.message}`);
      throw unavailable("voices_unavailable", "Voices are briefly unavailable. Please try again in a moment.");
    }
    throw e;
  }
}

export const voices = resource()
  .openapi(
    createRoute({ method: "get", path: "/", tags: ["personas"], summary: "Voices a persona can use", responses: { 200: jsonResponse(z.object({ voices: z.array(VoiceSchema) }), "The voices"), ...errorResponses } }),
    async (c) => c.json({ voices: await fromProvider(voiceList(c.var.config)) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{voiceId}/preview",
      tags: ["personas"],
      summary: "A short spoken sample of the voice (WAV)",
      request: { params: VoiceParam },
      responses: { 200: { description: "WAV audio", content: { "audio/wav": { schema: z.string().openapi({ format: "binary" }) } } }, ...errorResponses },
    }),
    async (c) => {
      const { voiceId } = c.req.valid("param");
      const v = await fromProvider(findVoice(c.var.config, voiceId));
      if (!v) throw notFound("Voice");
      await enforceRateLimit(c.var.db, "voicePreview", c.var.user!.id);
      const { wav } = await fromProvider(voicePreview(c.var.config, v));
      return c.body(wav, 200, { "content-type": "audio/wav", "cache-control": "private, max-age=86400" });
    },
  );
