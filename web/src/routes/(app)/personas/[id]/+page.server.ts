import { error, redirect } from "@sveltejs/kit";
import { getPersonaForUser } from "$core/db/personas.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure, formFailure, text } from "$lib/server/forms.ts";
import { personaBody, personaFormValues } from "$lib/server/persona-form.ts";
import { loadVoices } from "$lib/server/voices.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const p = await getPersonaForUser(requestDb(event), event.locals.user!.id, event.params.id);
  if (!p) error(404, "No such persona.");
  return {
    persona: {
      id: p.id,
      system: p.ownerId === null,
      name: p.name,
      tagline: p.tagline,
      systemPrompt: p.systemPrompt,
      firstMessage: p.firstMessage,
      voiceId: p.voiceId,
      language: p.language,
      temperature: String(p.temperature),
      favourite: p.favourite,
      promptOverride: p.promptOverride,
      voiceOverride: p.voiceOverride,
      calls: p.callsCount,
      minutes: Math.round(p.secondsTotal / 60),
    },
    created: event.url.searchParams.has("created"),
    ...(await loadVoices(event)),
  };
};

const path = (id: string) => `/personas/${encodeURIComponent(id)}`;

export const actions: Actions = {
  save: async (event) => {
    const values = personaFormValues(await event.request.formData());
    const { body, temperatureError } = personaBody(values);
    if (temperatureError) return formFailure(400, temperatureError, { temperature: temperatureError }, values);
    const r = await api(event).patch(path(event.params.id), body);
    if (!r.ok) return apiFailure(r, values);
    return { saved: true };
  },
  override: async (event) => {
    const data = await event.request.formData();
    const values = { systemPrompt: text(data, "systemPrompt"), voiceId: text(data, "voiceId") };
    const r = await api(event).put(`${path(event.params.id)}/override`, { systemPrompt: values.systemPrompt === "" ? null : values.systemPrompt, voiceId: values.voiceId === "" ? null : values.voiceId });
    if (!r.ok) return apiFailure(r, values);
    return { saved: true };
  },
  reset: async (event) => {
    const r = await api(event).del(`${path(event.params.id)}/override`);
    if (!r.ok) return apiFailure(r);
    return { saved: true, reset: true };
  },
  favourite: async (event) => {
    const data = await event.request.formData();
    const r = await api(event).put(`${path(event.params.id)}/favourite`, { favourite: text(data, "favourite") === "true" });
    if (!r.ok) return apiFailure(r);
    return { favouriteSaved: true };
  },
  delete: async (event) => {
    const r = await api(event).del(path(event.params.id));
    if (!r.ok) return apiFailure(r);
    redirect(303, "/personas");
  },
};
