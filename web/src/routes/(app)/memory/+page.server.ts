import { memoryOverview } from "$core/db/memories.ts";
import { listPersonas } from "$core/db/personas.ts";
import { requestDb } from "$lib/server/db.ts";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const db = requestDb(event);
  const userId = event.locals.user!.id;
  const [personas, counts] = await Promise.all([listPersonas(db, userId), memoryOverview(db, userId)]);
  const byId = new Map(counts.map((c) => [c.personaId, c]));
  return {
    personas: personas
      .map((p) => ({ id: p.id, name: p.name, items: byId.get(p.id)?.items ?? 0, summaries: byId.get(p.id)?.summaries ?? 0, lastUpdatedAt: byId.get(p.id)?.lastUpdatedAt ?? null }))
      .sort((a, b) => (b.lastUpdatedAt ?? "").localeCompare(a.lastUpdatedAt ?? "")),
  };
};
