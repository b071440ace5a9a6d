// After an answered call: ask the LLM for a summary and a few memory items from the
// transcript, check them, and store them for that user × persona, linked to the call. Runs
// off the call's hot path (the CallSession's waitUntil). Idempotent: a call that already has
// a summary is skipped before any LLM work, and the write itself is keyed by the call.
import { callTranscript, saveCallMemory, summaryCallFacts, type SavedCallMemory } from "../db/call-summaries.ts";
import { listMemories } from "../db/memories.ts";
import type { Pool } from "../db/pool.ts";
import type { ChatRequest, Completion } from "../providers/cerebras.ts";
import { localDate } from "./rank.ts";
import { withRetry } from "./retry.ts";
import { parseSummary } from "./summary-parse.ts";
import { CALL_SUMMARY_FORMAT, summaryMessages, type TranscriptTurn } from "./summary-request.ts";

export interface RememberDeps {
  db: Pool;
  /** One non-streaming completion (core/providers/cerebras.ts completeChat). */
  complete(req: ChatRequest): Promise<Completion>;
  model: string;
  log(message: string): void;
  sleep?: (ms: number) => Promise<void>;
  /** Waits between attempts; three retries over about half a minute by default. */
  retryDelaysMs?: readonly number[];
}

export type RememberResult =
  | { status: "saved"; added: number; pruned: number }
  | { status: "skipped"; reason: "unknown_call" | "not_answered" | "no_persona" | "already_summarized" | "nothing_said" | "raced" };

const DEFAULT_DELAYS = [2_000, 8_000, 20_000];

/** Turns recorded in the database win; the CallSession's own copy covers a write that failed. */
export async function rememberCall(deps: RememberDeps, callId: string, fallbackTurns: readonly TranscriptTurn[] = []): Promise<RememberResult> {
  const retry = { delaysMs: deps.retryDelaysMs ?? DEFAULT_DELAYS, sleep: deps.sleep, onRetry: (n: number, e: unknown) => deps.log(`summary attempt ${n} failed, retrying: ${(e as Error).message}`) };
  const facts = await withRetry(() => summaryCallFacts(deps.db, callId), retry);
  if (!facts) return { status: "skipped", reason: "unknown_call" };
  if (!facts.answered) return { status: "skipped", reason: "not_answered" };
  if (!facts.personaId) return { status: "skipped", reason: "no_persona" };
  if (facts.summarized) return { status: "skipped", reason: "already_summarized" };
  const personaId = facts.personaId;

  const stored = await withRetry(() => callTranscript(deps.db, callId), retry);
  const turns = stored.length ? stored : fallbackTurns;
  if (!turns.some((t) => t.speaker === "caller" && t.text.trim())) return { status: "skipped", reason: "nothing_said" };

  const known = await withRetry(() => listMemories(deps.db, facts.userId, personaId), retry);
  const callDate = localDate(facts.startedAt, facts.timeZone);
  const request: ChatRequest = {
    model: deps.model,
    messages: summaryMessages({ personaName: facts.personaName, timeZone: facts.timeZone, callStartedAt: facts.startedAt, turns, known }),
    temperature: 0.2,
    max_completion_tokens: 800,
    response_format: CALL_SUMMARY_FORMAT,
  };
  // The completion and its parsing retry together: a malformed answer is worth one more ask.
  const { parsed, usage } = await withRetry(async () => {
    const c = await deps.complete(request);
    return { parsed: parseSummary(c.content, callDate, known), usage: { promptTokens: c.promptTokens, completionTokens: c.completionTokens } };
  }, retry);
  if (parsed.dropped) deps.log(`summary: dropped ${parsed.dropped} memory item(s) as junk, repeats or over the limit`);

  const saved: SavedCallMemory = await withRetry(
    () => saveCallMemory(deps.db, { callId, userId: facts.userId, personaId, summary: parsed.summary, items: parsed.items, usage }),
    retry,
  );
  if (!saved.saved) return { status: "skipped", reason: "raced" };
  return { status: "saved", added: saved.added, pruned: saved.pruned };
}
