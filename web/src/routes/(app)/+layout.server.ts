// Every page in (app) is for signed-in people: anyone else goes to sign-in and comes back.
import { redirect } from "@sveltejs/kit";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = ({ locals, url }) => {
  if (!locals.user) redirect(303, `/signin?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
  return {};
};
