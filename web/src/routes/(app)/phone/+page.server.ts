// Development only: the test phone (a softphone acting as the handset of your numbers in the
// Twilio simulator). Without TWILIO_SIM_URL there is no such page.
import { error } from "@sveltejs/kit";
import { listPhoneNumbers } from "$core/db/phone-numbers.ts";
import { webConfig } from "$lib/server/config.ts";
import { requestDb } from "$lib/server/db.ts";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const simUrl = webConfig().twilioSimUrl;
  if (!simUrl) error(404, "The test phone exists only in local development.");
  const numbers = await listPhoneNumbers(requestDb(event), event.locals.user!.id);
  return { simUrl, numbers: numbers.map((n) => ({ e164: n.e164, verified: n.verifiedAt !== null })) };
};
