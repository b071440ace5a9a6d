// The memory part of the work after a call: summary and memory items for an answered call.
// Runs inside the CallSession's waitUntil, so it never delays the call's own settling; its
// failures are logged here and never stop the other after-call work.
import { readConfig } from "../../core/config.ts";
import { createPool } from "../../core/db/pool.ts";
import { rememberCall } from "../../core/memory/remember-call.ts";
import { completeChat } from "../../core/providers/cerebras.ts";
import type { CallOutcome } from "./call-controller.ts";

export async function rememberAfterCall(env: Env, outcome: CallOutcome): Promise<void> {
  if (!outcome.answered) return;
  const callId = outcome.setup.callId;
  const log = (m: string) => console.log(`[call ${callId.slice(0, 8)}] ${m}`);
  const config = readConfig(env);
  const db = createPool(config.databaseUrl, { max: 1 });
  try {
    const r = await rememberCall(
      { db, model: config.cerebras.model, complete: (req) => completeChat(config.cerebras, req), log },
      callId,
      outcome.turns.map((t) => ({ speaker: t.speaker, text: t.text, heardText: t.heardText })),
    );
    log(r.status === "saved" ? `remembered: ${r.added} new item(s)${r.pruned ? `, ${r.pruned} pruned` : ""}` : `no summary: ${r.reason}`);
  } catch (e) {
    log(`summary failed for good: ${(e as Error).message}`);
  } finally {
    await db.end().catch(() => {});
  }
}
