// Request and response shapes for personas. Text limits come from core/personas/rules.ts and
// are checked in characters (code points), as the database counts them; text is never
// trimmed or normalised, so what is stored reads back byte for byte.
import type { UserPersona } from "../../core/db/personas.ts";
import { PERSONA_LANGUAGES, PERSONA_LIMITS } from "../../core/personas/rules.ts";
import { z } from "../openapi.ts";
import { storedText as text } from "../text-schema.ts";

const L = PERSONA_LIMITS;
export const NameText = text("Name", L.name);
export const TaglineText = text("Tagline", L.tagline, { blankOk: true });
export const PromptText = text("The system prompt", L.systemPrompt);
export const FirstMessageText = text("The first message", L.firstMessage);
export const VoiceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose a voice from the list.");
export const Language = z.enum(PERSONA_LANGUAGES.map((l) => l.code) as [string, ...string[]], { message: `Choose one of: ${PERSONA_LANGUAGES.map((l) => l.code).join(", ")}.` });
export const Temperature = z
  .number()
  .min(L.temperature.min, `Temperature is between ${L.temperature.min} and ${L.temperature.max}.`)
  .max(L.temperature.max, `Temperature is between ${L.temperature.min} and ${L.temperature.max}.`)
  .refine((t) => Math.round(t * 100) / 100 === t, "Temperature takes at most two decimals.");

export const PersonaId = z.object({ id: z.string().regex(/^[a-z0-9_-]{3,64}$/, "not a persona id").openapi({ param: { name: "id", in: "path" } }) });

export const CreatePersona = z
  .strictObject({
    name: NameText,
    tagline: TaglineText.default(""),
    systemPrompt: PromptText,
    firstMessage: FirstMessageText,
    voiceId: VoiceId,
    language: Language.default("en"),
    temperature: Temperature.default(0.8),
  })
  .openapi("CreatePersona");

export const UpdatePersona = z
  .strictObject({
    name: NameText.optional(),
    tagline: TaglineText.optional(),
    systemPrompt: PromptText.optional(),
    firstMessage: FirstMessageText.optional(),
    voiceId: VoiceId.optional(),
    language: Language.optional(),
    temperature: Temperature.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Send at least one field to change.")
  .openapi("UpdatePersona");

export const PersonaOverride = z
  .strictObject({ systemPrompt: PromptText.nullable().optional(), voiceId: VoiceId.nullable().optional() })
  .refine((b) => Object.keys(b).length > 0, "Send systemPrompt and/or voiceId (null resets it).")
  .openapi("PersonaOverride");

export const Favourite = z.strictObject({ favourite: z.boolean() }).openapi("Favourite");

export const PersonaSchema = z
  .object({
    id: z.string(),
    system: z.boolean(),
    name: z.string(),
    tagline: z.string(),
    systemPrompt: z.string(),
    firstMessage: z.string(),
    voiceId: z.string(),
    language: z.string(),
    temperature: z.number(),
    category: z.string(),
    favourite: z.boolean(),
    override: z.object({ systemPrompt: z.string().nullable(), voiceId: z.string().nullable() }),
    usage: z.object({ calls: z.number().int(), seconds: z.number().int(), lastCalledAt: z.string().nullable() }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Persona");

export function publicPersona(p: UserPersona): z.infer<typeof PersonaSchema> {
  const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    id: p.id,
    system: p.ownerId === null,
    name: p.name,
    tagline: p.tagline,
    systemPrompt: p.systemPrompt,
    firstMessage: p.firstMessage,
    voiceId: p.voiceId,
    language: p.language,
    temperature: p.temperature,
    category: p.category,
    favourite: p.favourite,
    override: { systemPrompt: p.promptOverride, voiceId: p.voiceOverride },
    usage: { calls: p.callsCount, seconds: p.secondsTotal, lastCalledAt: iso(p.lastCalledAt) },
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
  };
}
