// One call's money for the operator: price charged (from the ledger), each provider's usage
// and cost, and the margin. Operators only (404 for everyone else).
import { error } from "@sveltejs/kit";
import { listUsage } from "$core/db/call-records.ts";
import { callEntries } from "$core/db/credits.ts";
import { callMoney } from "$core/db/operator-stats.ts";
import { requestDb } from "$lib/server/db.ts";
import type { PageServerLoad } from "./$types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const load: PageServerLoad = async (event) => {
  if (event.locals.user?.role !== "admin" || !UUID.test(event.params.id)) error(404, { message: "Page not found." });
  const db = requestDb(event);
  const call = await callMoney(db, event.params.id);
  if (!call) error(404, { message: "Call not found." });
  const [usage, entries] = await Promise.all([listUsage(db, call.id), callEntries(db, call.id)]);
  const iso = (v: string) => new Date(v).toISOString();
  return {
    call: { ...call, createdAt: iso(call.createdAt) },
    usage,
    entries: entries.map((e) => ({ seq: e.seq, kind: e.kind, amount: e.amount, note: e.note, createdAt: iso(e.createdAt) })),
  };
};
