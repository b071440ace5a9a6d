import { listOpenRuns, listRecentRuns, listUserSchedules } from "$core/db/schedules.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure, text } from "$lib/server/forms.ts";
import { runView, scheduleCard } from "$lib/server/schedule-data.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const user = event.locals.user!;
  const db = requestDb(event);
  const [schedules, open, recent] = await Promise.all([listUserSchedules(db, user.id), listOpenRuns(db, user.id, 100), listRecentRuns(db, user.id, 14, 20)]);
  return {
    schedules: schedules.map((s) => scheduleCard(s, open, user.timeZone)),
    recent: recent.map((r) => runView(r, user.timeZone, true)),
    quiet: { start: user.quietStart ?? "", end: user.quietEnd ?? "" },
    timeZone: user.timeZone,
  };
};

const act = (verb: "pause" | "resume" | "remove"): Actions[string] => async (event) => {
  const id = text(await event.request.formData(), "id");
  const path = `/schedules/${encodeURIComponent(id)}`;
  const r = verb === "remove" ? await api(event).del(path) : await api(event).post(`${path}/${verb}`);
  if (!r.ok) return apiFailure(r, { id });
  return { done: verb };
};

export const actions: Actions = {
  pause: act("pause"),
  resume: act("resume"),
  remove: act("remove"),
  quiet: async (event) => {
    const data = await event.request.formData();
    const values = { quietStart: text(data, "quietStart"), quietEnd: text(data, "quietEnd") };
    const off = text(data, "off") === "1" || (!values.quietStart && !values.quietEnd);
    const r = await api(event).patch("/me", off ? { quietStart: null, quietEnd: null } : values);
    if (!r.ok) return apiFailure(r, values);
    return { quietSaved: true };
  },
};
