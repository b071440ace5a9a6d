import { listCallHistory } from "$core/db/call-history.ts";
import { requestDb } from "$lib/server/db.ts";
import type { PageServerLoad } from "./$types";

const PAGE = 30;

export const load: PageServerLoad = async (event) => {
  const before = event.url.searchParams.get("before");
  const valid = before && !Number.isNaN(Date.parse(before)) ? before : undefined;
  const rows = await listCallHistory(requestDb(event), event.locals.user!.id, PAGE + 1, valid);
  return {
    calls: rows.slice(0, PAGE).map((c) => ({
      id: c.id,
      personaName: c.personaName,
      channel: c.channel,
      toE164: c.toE164,
      status: c.status,
      endReason: c.endReason,
      createdAt: new Date(c.createdAt).toISOString(),
      durationSeconds: c.durationSeconds,
      creditsCents: c.creditsCents,
    })),
    next: rows.length > PAGE ? new Date(rows[PAGE - 1].createdAt).toISOString() : null,
  };
};
