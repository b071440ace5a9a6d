// Call now: persona + verified number (or the browser) + length, the price shown first. The
// form carries an Idempotency-Key made when the page loaded, so a double click (or a resubmit)
// returns the same call instead of placing two.
import { redirect } from "@sveltejs/kit";
import { balanceCents } from "$core/db/credits.ts";
import { listPersonas } from "$core/db/personas.ts";
import { listPhoneNumbers } from "$core/db/phone-numbers.ts";
import { getPricingModel } from "$core/db/settings.ts";
import { CALL_LENGTHS, callPriceCents, DEFAULT_CALL_LENGTH } from "$core/pricing.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure, formFailure, text } from "$lib/server/forms.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const db = requestDb(event);
  const userId = event.locals.user!.id;
  const [personas, numbers, balance, model] = await Promise.all([listPersonas(db, userId), listPhoneNumbers(db, userId), balanceCents(db, userId), getPricingModel(db)]);
  const wanted = event.url.searchParams.get("persona");
  return {
    personas: personas.map((p) => ({ id: p.id, name: p.name, tagline: p.tagline, favourite: p.favourite })),
    numbers: numbers.filter((n) => n.verifiedAt).map((n) => ({ id: n.id, e164: n.e164, label: n.label })),
    unverifiedCount: numbers.filter((n) => !n.verifiedAt).length,
    balanceCents: balance,
    lengths: CALL_LENGTHS.map((seconds) => ({ seconds, priceCents: callPriceCents(seconds, model) })),
    defaults: { personaId: personas.some((p) => p.id === wanted) ? wanted : (personas[0]?.id ?? ""), lengthSeconds: DEFAULT_CALL_LENGTH },
    idempotencyKey: crypto.randomUUID(),
  };
};

async function place(event: Parameters<Actions[string]>[0], channel: "phone" | "web") {
  const data = await event.request.formData();
  const values = { personaId: text(data, "personaId"), phoneNumberId: text(data, "phoneNumberId"), lengthSeconds: text(data, "lengthSeconds"), idempotencyKey: text(data, "idempotencyKey") };
  const length = Number(values.lengthSeconds);
  if (!Number.isInteger(length)) return formFailure(400, "Choose how long the call should be.", { lengthSeconds: "Choose a length." }, values);
  if (channel === "phone" && !values.phoneNumberId) return formFailure(400, "Choose a confirmed number to call.", { phoneNumberId: "Choose a number." }, values);
  const body = { personaId: values.personaId, channel, lengthSeconds: length, ...(channel === "phone" ? { phoneNumberId: values.phoneNumberId } : {}) };
  const key = /^[\w-]{8,100}$/.test(values.idempotencyKey) ? `${channel}:${values.idempotencyKey}` : undefined;
  const r = await api(event).post("/calls", body, key ? { headers: { "idempotency-key": key } } : undefined);
  if (!r.ok) return apiFailure(r, values);
  const id = typeof r.data === "object" && r.data !== null && "id" in r.data && typeof r.data.id === "string" ? r.data.id : "";
  redirect(303, `/calls/${id}/live`);
}

export const actions: Actions = {
  phone: (event) => place(event, "phone"),
  web: (event) => place(event, "web"),
};
