import { error, redirect } from "@sveltejs/kit";
import { listPersonas } from "$core/db/personas.ts";
import { getPricingModel } from "$core/db/settings.ts";
import { callPriceList } from "$core/pricing.ts";
import { listPhoneNumbers } from "$core/db/phone-numbers.ts";
import { getUserSchedule } from "$core/db/schedules.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure } from "$lib/server/forms.ts";
import { fieldsOf, readScheduleForm } from "$lib/server/schedule-form.ts";
import { scheduleBody } from "$lib/schedule-form.ts";
import type { Actions, PageServerLoad } from "./$types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const load: PageServerLoad = async (event) => {
  const user = event.locals.user!;
  const db = requestDb(event);
  if (!UUID.test(event.params.id)) error(404, "Schedule not found");
  const [schedule, personas, numbers] = await Promise.all([getUserSchedule(db, user.id, event.params.id), listPersonas(db, user.id), listPhoneNumbers(db, user.id)]);
  if (!schedule) error(404, "Schedule not found");
  // The agenda's own view: the next calls as planned, snoozes and moves included.
  const current = await api(event).get(`/schedules/${schedule.id}`);
  return {
    id: schedule.id,
    source: schedule.source,
    personas: personas.map((p) => ({ id: p.id, name: p.name })),
    prices: callPriceList(await getPricingModel(db)),
    numbers: numbers.filter((n) => n.verifiedAt).map((n) => ({ id: n.id, e164: n.e164, label: n.label })),
    initial: fieldsOf(schedule),
    preview: current.ok ? (current.data as { next: Array<{ key: string; label: string; status: string; detail: string | null }> }).next : [],
  };
};

export const actions: Actions = {
  default: async (event) => {
    const fields = readScheduleForm(await event.request.formData());
    const r = await api(event).put(`/schedules/${encodeURIComponent(event.params.id)}`, scheduleBody(fields));
    if (!r.ok) return apiFailure(r, fields);
    redirect(303, "/schedules?saved=1");
  },
};
