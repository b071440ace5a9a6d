// Money for calls, on the append-only ledger. Placing a call reserves its price; an answered
// call captures it; a call that was never answered (busy, no answer, voicemail, failed)
// releases all of it. Every entry is keyed by a ref, so a repeated webhook or a double click
// can never charge or refund twice. The ledger's trigger refuses a reservation or an
// extension the balance or the monthly budget can't cover (InsufficientCredits,
// BudgetExceeded), under a per-user lock, so concurrent calls can't squeeze past either.
import { appendEntry, BudgetExceeded, entryByRef, InsufficientCredits, ledgerError } from "../db/credits.ts";
import type { Queryable } from "../db/pool.ts";
import { EXTENSION } from "../pricing.ts";

export { BudgetExceeded, InsufficientCredits };

export const reserveRef = (callId: string) => `reserve:call:${callId}`;
export const settleRef = (callId: string) => `settle:call:${callId}`;
export const extensionRef = (callId: string, windowKey: string) => `extension:call:${callId}:${windowKey}`;

export async function reserveCall(q: Queryable, userId: string, callId: string, priceCents: number): Promise<void> {
  await appendEntry(q, { userId, kind: "reserve", amount: -priceCents, ref: reserveRef(callId), callId, note: "Reserved when the call was placed" });
}

export type Settlement = "capture" | "release";

/**
 * Settle a call's reservation once: capture (0 change: the reserved credits are spent) or
 * release (the reserved amount comes back). Whichever is written first wins; the other is
 * refused. The amount released is the reservation as the ledger recorded it, never a number
 * passed in (`priceCents` is what the caller believes it was), and a call that never reserved
 * anything settles to nothing, so a settlement can't mint credits.
 */
export async function settleCall(q: Queryable, userId: string, callId: string, priceCents: number, how: Settlement, note: string): Promise<Settlement> {
  try {
    await q.query(
      `insert into credit_entries (user_id, kind, amount, ref, call_id, note)
       select r.user_id, $3, case when $3 = 'capture' then 0 else -r.amount end, $4, $2, $5
       from credit_entries r where r.ref = $6 and r.user_id = $1`,
      [userId, callId, how, settleRef(callId), note, reserveRef(callId)],
    );
  } catch (e) {
    throw ledgerError(e);
  }
  const settled = await entryByRef(q, settleRef(callId));
  if (settled && settled.amount !== 0 && settled.amount !== priceCents) console.warn(`[billing] call ${callId} released ${settled.amount}, expected ${priceCents}`);
  return (settled?.kind as Settlement | undefined) ?? how;
}

/** Charge an extension once per window (the deadline it extends), even if accepted twice. */
export async function chargeExtension(q: Queryable, userId: string, callId: string, windowKey: string): Promise<{ charged: boolean }> {
  const { created } = await appendEntry(q, { userId, kind: "capture", amount: -EXTENSION.cents, ref: extensionRef(callId, windowKey), callId, note: "+5 minutes" });
  return { charged: created };
}
