import { listPersonas } from "$core/db/personas.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure, text } from "$lib/server/forms.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const personas = await listPersonas(requestDb(event), event.locals.user!.id);
  return {
    personas: personas.map((p) => ({
      id: p.id,
      name: p.name,
      tagline: p.tagline,
      category: p.category,
      system: p.ownerId === null,
      favourite: p.favourite,
      customised: p.promptOverride !== null || p.voiceOverride !== null,
      calls: p.callsCount,
    })),
  };
};

export const actions: Actions = {
  favourite: async (event) => {
    const data = await event.request.formData();
    const id = text(data, "personaId");
    const r = await api(event).put(`/personas/${encodeURIComponent(id)}/favourite`, { favourite: text(data, "favourite") === "true" });
    if (!r.ok) return apiFailure(r);
    return { favouriteSaved: id };
  },
};
