import { error } from "@sveltejs/kit";
import { getHistoryCall } from "$core/db/call-history.ts";
import { listTurns, listUsage } from "$core/db/call-records.ts";
import { requestDb } from "$lib/server/db.ts";
import { costByProvider } from "$lib/call/cost-breakdown.ts";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const db = requestDb(event);
  const call = await getHistoryCall(db, event.locals.user!.id, event.params.id);
  if (!call) error(404, "No such call.");
  const [turns, usage] = await Promise.all([listTurns(db, call.id), listUsage(db, call.id)]);
  const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    call: {
      id: call.id,
      personaId: call.personaId,
      personaName: call.personaName,
      channel: call.channel,
      toE164: call.toE164,
      status: call.status,
      endReason: call.endReason,
      createdAt: new Date(call.createdAt).toISOString(),
      answeredAt: iso(call.answeredAt),
      durationSeconds: call.durationSeconds,
      purchasedSeconds: call.purchasedSeconds,
      priceCents: call.priceCents,
      creditsCents: call.creditsCents,
      extensions: call.extensions,
    },
    turns: turns.map((t) => ({ ...t, startedAt: Date.parse(t.startedAt), endedAt: t.endedAt === null ? null : Date.parse(t.endedAt), sttFinalMs: t.sttFinalMs ?? undefined, llmFirstTokenMs: t.llmFirstTokenMs ?? undefined, ttsFirstAudioMs: t.ttsFirstAudioMs ?? undefined, overheadMs: t.overheadMs ?? undefined, mouthToEarMs: t.mouthToEarMs ?? undefined })),
    costs: costByProvider(usage),
  };
};
