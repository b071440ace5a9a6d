// Money for calls, on the append-only ledger. Placing a call reserves its price; an answered
// call captures it; a call that was never answered (busy, no answer, voicemail, failed)
// releases all of it. Every entry is keyed by a ref, so a repeated webhook or a double click
// can never charge or refund twice.
import { appendEntry, InsufficientCredits } from "../db/credits.ts";
import type { Queryable } from "../db/pool.ts";
import { EXTENSION } from "../pricing.ts";

export { InsufficientCredits };

export async function reserveCall(q: Queryable, userId: string, callId: string, priceCents: number): Promise<void> {
  await appendEntry(q, { userId, kind: "reserve", amount: -priceCents, ref: `reserve:call:${callId}`, callId, note: "Reserved when the call was placed" });
}

export type Settlement = "capture" | "release";

/**
 * Settle a call's reservation once: capture (0 change: the reserved credits are spent) or
 * release (the price comes back). Whichever is written first wins; the other is refused.
 */
export async function settleCall(q: Queryable, userId: string, callId: string, priceCents: number, how: Settlement, note: string): Promise<Settlement> {
  const { entry } = await appendEntry(q, {
    userId,
    kind: how,
    amount: how === "capture" ? 0 : priceCents,
    // One settlement per call, whatever its kind: a shared ref makes the second one a no-op.
    ref: `settle:call:${callId}`,
    callId,
    note,
  });
  return entry.kind as Settlement;
}

/** Charge an extension once per window (the deadline it extends), even if accepted twice. */
export async function chargeExtension(q: Queryable, userId: string, callId: string, windowKey: string): Promise<{ charged: boolean }> {
  const { created } = await appendEntry(q, { userId, kind: "capture", amount: -EXTENSION.cents, ref: `extension:call:${callId}:${windowKey}`, callId, note: "+5 minutes" });
  return { charged: created };
}
