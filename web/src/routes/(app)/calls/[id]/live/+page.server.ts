import { error } from "@sveltejs/kit";
import { getUserCall } from "$core/db/calls.ts";
import { api } from "$lib/server/api.ts";
import { webConfig } from "$lib/server/config.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure } from "$lib/server/forms.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const call = await getUserCall(requestDb(event), event.locals.user!.id, event.params.id);
  if (!call) error(404, "No such call.");
  return {
    call: { id: call.id, personaName: call.personaName, channel: call.channel, toE164: call.toE164, status: call.status, endReason: call.endReason, purchasedSeconds: call.purchasedSeconds },
    testPhone: webConfig().twilioSimUrl !== null,
  };
};

export const actions: Actions = {
  // Without JavaScript (or before the live socket is up), hang up through the API.
  hangup: async (event) => {
    const r = await api(event).post(`/calls/${event.params.id}/hangup`);
    if (!r.ok) return apiFailure(r);
    return { hungUp: true };
  },
};
