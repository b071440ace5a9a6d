// Retrying background work that may fail for a moment (a 429 or 5xx from the LLM, a dropped
// database connection). Only errors that say trying again may help are retried.
import { ProviderError } from "../providers/errors.ts";
import { SummaryFormatError } from "./summary-parse.ts";

export interface RetryOptions {
  /** Waits between attempts, in ms; attempts = delays + 1. */
  delaysMs: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, e: unknown) => void;
}

const TRANSIENT_PG = new Set(["40001", "40P01", "53300", "57P01", "57P03", "08000", "08003", "08006"]);

/** Worth another try: provider says so, a timeout, a network failure, a malformed answer, a transient Postgres state. */
export function isTransient(e: unknown): boolean {
  if (e instanceof ProviderError) return e.retryable;
  if (e instanceof SummaryFormatError) return true;
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) return true;
  if (e instanceof TypeError && /fetch|network|socket|connect/i.test(e.message)) return true;
  const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
  if (TRANSIENT_PG.has(code)) return true;
  return e instanceof Error && /connection (terminated|timeout|refused|ended)|ECONNRESET|websocket/i.test(e.message);
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      const delay = opts.delaysMs[attempt - 1];
      if (delay === undefined || !isTransient(e)) throw e;
      opts.onRetry?.(attempt, e);
      await sleep(delay);
    }
  }
}
