// The persona editor's form → the API's JSON body (and back, for redisplay after an error).
import { text } from "./forms.ts";

export const PERSONA_FIELDS = ["name", "tagline", "systemPrompt", "firstMessage", "voiceId", "language", "temperature"] as const;

export type PersonaFormValues = Record<(typeof PERSONA_FIELDS)[number], string>;

export function personaFormValues(data: FormData): PersonaFormValues {
  return {
    name: text(data, "name"),
    tagline: text(data, "tagline"),
    systemPrompt: text(data, "systemPrompt"),
    firstMessage: text(data, "firstMessage"),
    voiceId: text(data, "voiceId"),
    language: text(data, "language"),
    temperature: text(data, "temperature"),
  };
}

/** The body for POST/PATCH /personas; a non-numeric temperature is reported by the page. */
export function personaBody(v: PersonaFormValues): { body: Record<string, string | number>; temperatureError?: string } {
  const t = v.temperature.trim();
  const temperature = Number(t);
  if (t === "" || !Number.isFinite(temperature)) return { body: {}, temperatureError: "Temperature is a number between 0 and 1.5." };
  const { temperature: _, ...rest } = v;
  return { body: { ...rest, temperature } };
}
