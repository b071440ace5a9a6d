import { redirect } from "@sveltejs/kit";
import { listPersonas } from "$core/db/personas.ts";
import { getPricingModel } from "$core/db/settings.ts";
import { callPriceList } from "$core/pricing.ts";
import { listPhoneNumbers } from "$core/db/phone-numbers.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure } from "$lib/server/forms.ts";
import { newFields, readScheduleForm } from "$lib/server/schedule-form.ts";
import { scheduleBody } from "$lib/schedule-form.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const user = event.locals.user!;
  const db = requestDb(event);
  const [personas, numbers] = await Promise.all([listPersonas(db, user.id), listPhoneNumbers(db, user.id)]);
  const verified = numbers.filter((n) => n.verifiedAt);
  const wanted = event.url.searchParams.get("persona");
  const initial = newFields(user.timeZone, personas.find((p) => p.id === wanted)?.id ?? personas[0]?.id ?? "", verified[0]?.id ?? "");
  const preview = verified.length ? await api(event).post("/schedules/preview", scheduleBody(initial)) : undefined;
  return {
    personas: personas.map((p) => ({ id: p.id, name: p.name })),
    prices: callPriceList(await getPricingModel(db)),
    numbers: verified.map((n) => ({ id: n.id, e164: n.e164, label: n.label })),
    initial,
    preview: preview?.ok ? (preview.data as { next: Array<{ key: string; label: string; status: string; detail: string | null }> }).next : [],
  };
};

export const actions: Actions = {
  default: async (event) => {
    const fields = readScheduleForm(await event.request.formData());
    const r = await api(event).post("/schedules", scheduleBody(fields));
    if (!r.ok) return apiFailure(r, fields);
    redirect(303, "/schedules?saved=1");
  },
};
