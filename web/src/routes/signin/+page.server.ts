// /signin?returnTo=/somewhere → the API's AuthKit sign-in, which comes back to returnTo.
import { redirect } from "@sveltejs/kit";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ url, locals }) => {
  const back = url.searchParams.get("returnTo") ?? "/";
  const safe = back.startsWith("/") && !back.startsWith("//") && !back.startsWith("/\\") ? back : "/";
  if (locals.user) redirect(303, safe);
  redirect(303, `/api/auth/login?returnTo=${encodeURIComponent(safe)}`);
};
