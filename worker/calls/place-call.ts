// Placing a call — the one path used by "call now", web calls, scheduled calls and tests:
// validate → insert the call and reserve its price in one transaction → prepare its
// CallSession → dial through Twilio (phone) — undoing the reservation if the dial fails.
import { BudgetExceeded, reserveCall, settleCall, InsufficientCredits } from "../../core/billing/call-charges.ts";
import type { Config } from "../../core/config.ts";
import { activeCallTo, advanceCallStatus, findCallByIdempotencyKey, insertCall, setCallFacts, type CallRow } from "../../core/db/calls.ts";
import { balanceCents, spentThisMonthCents } from "../../core/db/credits.ts";
import { loadMemoryContext } from "../../core/db/memories.ts";
import { effectivePersona, getPersonaForUser } from "../../core/db/personas.ts";
import { getUserPhoneNumber } from "../../core/db/phone-numbers.ts";
import type { Pool } from "../../core/db/pool.ts";
import { withTransaction } from "../../core/db/tx.ts";
import { getPricingModel } from "../../core/db/settings.ts";
import { getUser } from "../../core/db/users.ts";
import { callPriceCents, formatCents, type CallLengthSeconds } from "../../core/pricing.ts";
import { createCall } from "../../core/providers/twilio.ts";
import type { CallSetup } from "../../durable-objects/call-session/call-info.ts";
import { ApiError, badRequest, conflict, notFound, paymentRequired } from "../errors.ts";
import { callStub } from "./stubs.ts";

/** Twilio's own backstop: the call can't outlive its paid time by more than this. */
export const TIME_LIMIT_MARGIN_SECONDS = 120;

export interface PlaceCallInput {
  userId: string;
  personaId: string;
  channel: "phone" | "web";
  phoneNumberId?: string;
  lengthSeconds: CallLengthSeconds;
  idempotencyKey?: string;
  scheduleRunId?: string | null;
  attempt?: number;
  naive?: boolean;
  /**
   * Scheduled calls: do everything now, but send the dial to Twilio at this instant (epoch ms,
   * at most MAX_DIAL_WAIT_MS ahead), so the phone rings on time even when preparing is slow.
   */
  dialAt?: number;
}

export const MAX_DIAL_WAIT_MS = 10_000;

function randomToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function placeCall(env: Env, config: Config, db: Pool, input: PlaceCallInput): Promise<CallRow> {
  if (input.idempotencyKey) {
    const existing = await findCallByIdempotencyKey(db, input.userId, input.idempotencyKey);
    if (existing) return existing;
  }
  const [user, persona] = await Promise.all([getUser(db, input.userId), getPersonaForUser(db, input.userId, input.personaId)]);
  if (!user) throw notFound("Account");
  if (!persona) throw notFound("Persona");
  let toE164: string | null = null;
  if (input.channel === "phone") {
    if (!input.phoneNumberId) throw badRequest("phone_number_required", "Choose a verified phone number to call.");
    const number = await getUserPhoneNumber(db, input.userId, input.phoneNumberId);
    if (!number) throw notFound("Phone number");
    if (!number.verifiedAt) throw new ApiError(403, "number_not_verified", "Verify this number with the SMS code before calling it.");
    const active = await activeCallTo(db, input.userId, number.id);
    if (active) throw conflict("call_in_progress", "A call to this number is already in progress.");
    toE164 = number.e164;
  }
  const price = callPriceCents(input.lengthSeconds, await getPricingModel(db));
  const balance = await balanceCents(db, input.userId);
  if (balance < 0) throw paymentRequired("balance_negative", `Your balance is ${formatCents(balance)} after a refund or dispute. Top up to place calls again.`);
  const overBudget = async () => {
    const spent = await spentThisMonthCents(db, input.userId);
    return paymentRequired("budget_exceeded", `This call (${formatCents(price)}) would go over your monthly budget of ${formatCents(user.monthlyBudgetCents ?? 0)} (${formatCents(spent)} spent so far this month).`);
  };
  if (user.monthlyBudgetCents !== null && (await spentThisMonthCents(db, input.userId)) + price > user.monthlyBudgetCents) throw await overBudget();

  let call: CallRow;
  try {
    call = await withTransaction(db, async (tx) => {
      const c = await insertCall(tx, {
        userId: input.userId,
        personaId: persona.id,
        personaName: persona.name,
        channel: input.channel,
        phoneNumberId: input.phoneNumberId ?? null,
        toE164,
        scheduleRunId: input.scheduleRunId ?? null,
        attempt: input.attempt,
        purchasedSeconds: input.lengthSeconds,
        priceCents: price,
        idempotencyKey: input.idempotencyKey ?? null,
      });
      await reserveCall(tx, input.userId, c.id, price);
      return c;
    });
  } catch (e) {
    // The ledger re-checks both under the user's lock: another call may have won the race.
    if (e instanceof BudgetExceeded) throw await overBudget();
    if (e instanceof InsufficientCredits) throw paymentRequired("insufficient_credits", `This call costs ${formatCents(price)} and your balance is ${formatCents(balance)}. Buy credits to place it.`);
    // A double click with the same key: the other request won the insert.
    if (input.idempotencyKey && (e as { code?: string }).code === "23505") {
      const existing = await findCallByIdempotencyKey(db, input.userId, input.idempotencyKey);
      if (existing) return existing;
    }
    throw e;
  }

  const eff = effectivePersona(persona);
  const setup: CallSetup = {
    callId: call.id,
    userId: input.userId,
    channel: input.channel,
    personaId: persona.id,
    personaName: persona.name,
    personaPrompt: eff.prompt,
    firstMessage: persona.firstMessage,
    voiceId: eff.voiceId,
    language: persona.language,
    model: persona.model ?? config.cerebras.model,
    temperature: persona.temperature,
    callerName: user.name,
    timeZone: user.timeZone,
    purchasedSeconds: input.lengthSeconds,
    priceCents: price,
    streamToken: randomToken(),
    memory: await loadMemoryContext(db, input.userId, persona.id),
    scheduleRunId: input.scheduleRunId ?? null,
    naive: input.naive ?? false,
  };
  const stub = callStub(env, call.id);
  await stub.init(setup);

  if (input.channel === "web") {
    // No ringing on a web call: warm up now, the browser connects in a moment.
    void stub.ringing().catch(() => {});
    return call;
  }
  try {
    const wait = Math.min((input.dialAt ?? 0) - Date.now(), MAX_DIAL_WAIT_MS);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const base = config.appUrl;
    const tw = await createCall(config.twilio, {
      to: toE164!,
      url: `${base}/api/twilio/voice/${call.id}`,
      statusCallback: `${base}/api/twilio/status/${call.id}`,
      amdCallback: `${base}/api/twilio/amd/${call.id}`,
      timeLimitSeconds: input.lengthSeconds + TIME_LIMIT_MARGIN_SECONDS,
    });
    await stub.setTwilioSid(tw.sid);
    await setCallFacts(db, call.id, { twilioCallSid: tw.sid });
    return (await advanceCallStatus(db, call.id, { status: "initiated", twilioCallSid: tw.sid })) ?? { ...call, twilioCallSid: tw.sid };
  } catch (e) {
    await advanceCallStatus(db, call.id, { status: "failed", endReason: "dial_failed" });
    await settleCall(db, input.userId, call.id, price, "release", "The call could not be placed: nothing charged");
    await stub.ended("failed", "dial_failed").catch(() => {});
    console.warn(`[calls] dial failed for ${call.id}: ${(e as Error).message}`);
    throw new ApiError(502, "dial_failed", "The phone network did not accept this call. Nothing was charged; please try again.");
  }
}
