import { redirect } from "@sveltejs/kit";
import { api } from "$lib/server/api.ts";
import { apiFailure, formFailure } from "$lib/server/forms.ts";
import { personaBody, personaFormValues } from "$lib/server/persona-form.ts";
import { loadVoices } from "$lib/server/voices.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = (event) => loadVoices(event);

export const actions: Actions = {
  default: async (event) => {
    const values = personaFormValues(await event.request.formData());
    const { body, temperatureError } = personaBody(values);
    if (temperatureError) return formFailure(400, temperatureError, { temperature: temperatureError }, values);
    const r = await api(event).post("/personas", body);
    if (!r.ok) return apiFailure(r, values);
    const id = typeof r.data === "object" && r.data !== null && "id" in r.data && typeof r.data.id === "string" ? r.data.id : "";
    redirect(303, `/personas/${id}?created=1`);
  },
};
