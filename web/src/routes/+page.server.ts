// Home: the landing page for visitors, the dashboard for signed-in people.
import { balanceCents } from "$core/db/credits.ts";
import { listUserCalls } from "$core/db/calls.ts";
import { listPersonas } from "$core/db/personas.ts";
import { listPhoneNumbers } from "$core/db/phone-numbers.ts";
import { requestDb } from "$lib/server/db.ts";
import { upcomingAndNotices } from "$lib/server/schedule-data.ts";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const user = event.locals.user;
  if (!user) return { dashboard: null };
  const db = requestDb(event);
  const [balance, personas, numbers, calls, schedule] = await Promise.all([
    balanceCents(db, user.id),
    listPersonas(db, user.id),
    listPhoneNumbers(db, user.id),
    listUserCalls(db, user.id, 5),
    upcomingAndNotices(db, user.id, user.timeZone),
  ]);
  return {
    dashboard: {
      balanceCents: balance,
      favourites: personas.filter((p) => p.favourite).map((p) => ({ id: p.id, name: p.name, tagline: p.tagline })),
      personaCount: personas.length,
      verifiedNumbers: numbers.filter((n) => n.verifiedAt).length,
      schedule,
      recentCalls: calls.map((c) => ({ id: c.id, personaName: c.personaName, status: c.status, createdAt: new Date(c.createdAt).toISOString(), channel: c.channel })),
    },
  };
};
