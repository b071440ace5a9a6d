import { redirect } from "@sveltejs/kit";
import { api } from "$lib/server/api.ts";
import { apiFailure, formFailure, text } from "$lib/server/forms.ts";
import { clearSessionCookie } from "$lib/server/session.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ locals }) => {
  const u = locals.user!;
  return { settings: { name: u.name, email: u.email, timeZone: u.timeZone } };
};

export const actions: Actions = {
  save: async (event) => {
    const data = await event.request.formData();
    const values = { name: text(data, "name"), timeZone: text(data, "timeZone") };
    const r = await api(event).patch("/me", values);
    if (!r.ok) return apiFailure(r, values);
    return { saved: true };
  },
  delete: async (event) => {
    const data = await event.request.formData();
    if (text(data, "confirm").trim().toUpperCase() !== "DELETE") return formFailure(400, 'Type DELETE to confirm.', { confirm: 'Type DELETE to confirm.' }, { confirm: text(data, "confirm") });
    const r = await api(event).del("/me");
    if (!r.ok) return apiFailure(r);
    clearSessionCookie(event.cookies);
    event.locals.session = undefined;
    event.locals.user = undefined;
    redirect(303, "/?deleted=1");
  },
};
