// Sign out: the API revokes the WorkOS session (so its refresh token dies too) and clears the
// cookie; the cookie is cleared here as well, in case the API was unreachable.
import { redirect } from "@sveltejs/kit";
import { api } from "$lib/server/api.ts";
import { clearSessionCookie } from "$lib/server/session.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/");

export const actions: Actions = {
  default: async (event) => {
    if (event.locals.session) await api(event).post("/auth/logout");
    clearSessionCookie(event.cookies);
    event.locals.session = undefined;
    event.locals.user = undefined;
    redirect(303, "/");
  },
};
