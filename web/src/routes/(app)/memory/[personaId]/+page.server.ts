import { error } from "@sveltejs/kit";
import { listMemories, listSummaries } from "$core/db/memories.ts";
import { getPersonaForUser } from "$core/db/personas.ts";
import { MEMORY_KINDS, MEMORY_LIMITS } from "$core/memory/types.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure, text } from "$lib/server/forms.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const db = requestDb(event);
  const userId = event.locals.user!.id;
  const persona = await getPersonaForUser(db, userId, event.params.personaId);
  if (!persona) error(404, "No such persona.");
  const [items, summaries] = await Promise.all([listMemories(db, userId, persona.id), listSummaries(db, userId, persona.id)]);
  return {
    persona: { id: persona.id, name: persona.name },
    items: items.map((m) => ({ id: m.id, kind: m.kind, text: m.text, dueDate: m.dueDate, origin: m.origin, sourceCallId: m.sourceCallId, updatedAt: m.updatedAt })),
    summaries,
    kinds: [...MEMORY_KINDS],
    limit: MEMORY_LIMITS.perPersona,
    maxChars: MEMORY_LIMITS.itemChars,
  };
};

/** The form's fields as the API takes them: an empty date clears it. */
function fields(data: FormData) {
  const due = text(data, "dueDate");
  return { kind: text(data, "kind"), text: text(data, "text"), dueDate: due === "" ? null : due };
}

const base = (event: { params: { personaId: string } }) => `/memories/${encodeURIComponent(event.params.personaId)}`;

export const actions: Actions = {
  add: async (event) => {
    const data = await event.request.formData();
    const body = fields(data);
    const r = await api(event).post(`${base(event)}/items`, body);
    if (!r.ok) return apiFailure(r, { form: "add", kind: body.kind, text: body.text, dueDate: body.dueDate ?? "" });
    return { added: true };
  },
  save: async (event) => {
    const data = await event.request.formData();
    const id = text(data, "id");
    const body = fields(data);
    const r = await api(event).patch(`${base(event)}/items/${encodeURIComponent(id)}`, body);
    if (!r.ok) return apiFailure(r, { form: "save", id, kind: body.kind, text: body.text, dueDate: body.dueDate ?? "" });
    return { saved: id };
  },
  remove: async (event) => {
    const id = text(await event.request.formData(), "id");
    const r = await api(event).del(`${base(event)}/items/${encodeURIComponent(id)}`);
    if (!r.ok) return apiFailure(r, { form: "remove", id });
    return { removed: id };
  },
  forget: async (event) => {
    const r = await api(event).del(base(event));
    if (!r.ok) return apiFailure(r, { form: "forget" });
    return { forgotten: true };
  },
};
