import { error } from "@sveltejs/kit";
import { moneyRules } from "$core/billing/rules.ts";
import { getUserCall } from "$core/db/calls.ts";
import { getPricingModel } from "$core/db/settings.ts";
import { EXTENSION } from "$core/pricing.ts";
import { api } from "$lib/server/api.ts";
import { webConfig } from "$lib/server/config.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure } from "$lib/server/forms.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const db = requestDb(event);
  const call = await getUserCall(db, event.locals.user!.id, event.params.id);
  if (!call) error(404, "No such call.");
  const rules = moneyRules(await getPricingModel(db));
  return {
    extension: { seconds: EXTENSION.seconds, cents: EXTENSION.cents },
    earlyEndRule: rules.find((r) => r.id === "early_end")?.text ?? "",
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
  // +5 minutes (billing): charged once per window by the CallSession, however often pressed.
  extend: async (event) => {
    const r = await api(event).post(`/calls/${event.params.id}/extend`);
    if (!r.ok) return apiFailure(r);
    const d = r.data;
    const ok = typeof d === "object" && d !== null && "ok" in d && d.ok === true;
    const message = typeof d === "object" && d !== null && "message" in d && typeof d.message === "string" ? d.message : "";
    return { extended: { ok, message } };
  },
};
