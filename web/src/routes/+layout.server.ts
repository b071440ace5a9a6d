import { NAV } from "$lib/nav.ts";
import { webConfig } from "$lib/server/config.ts";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = ({ locals }) => {
  const u = locals.user;
  const dev = webConfig().twilioSimUrl !== null;
  return {
    user: u ? { id: u.id, name: u.name, email: u.email, role: u.role, timeZone: u.timeZone } : null,
    nav: u ? NAV.filter((i) => (!i.admin || u.role === "admin") && (!i.devOnly || dev)) : [],
  };
};
