// What the agenda engine needs from the world, as small interfaces: the DO shell wires the
// real ones (Neon, placeCall, Twilio); tests swap the clock and inject crashes.
import type { CallStatus } from "../../core/db/calls.ts";

/** Milliseconds since the epoch. Tests replace it through runInDurableObject. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

/**
 * Where a crash can strike between the agenda's side effects. Only tests install a hook: it
 * throws at chosen points to prove a re-run alarm never dials twice and never loses a call.
 */
export type FaultPoint = "before-intent" | "after-intent" | "after-dial" | "after-record" | "before-alarm";
export type FaultHook = (point: FaultPoint, occurrence?: { scheduleId: string; key: string }) => void;

/** The facts of a call row the agenda acts on. */
export interface CallFacts {
  id: string;
  status: CallStatus;
  twilioCallSid: string | null;
  toE164: string | null;
  createdAt: string;
  answeredAt: string | null;
  endReason: string | null;
  purchasedSeconds: number;
}

export interface DialRequest {
  userId: string;
  personaId: string;
  phoneNumberId: string;
  lengthSeconds: number;
  idempotencyKey: string;
  scheduleRunId: string;
  attempt: number;
  /** Prepare now, dial at this instant (real epoch ms): see placeCall's dialAt. */
  dialAt?: number;
}

export type Refusal = "budget" | "line_busy" | "invalid" | "account_gone";

export type DialResult = { kind: "placed"; call: CallFacts } | { kind: "refused"; refusal: Refusal; code: string; message: string };

/** Placing and following up scheduled calls. */
export interface CallDesk {
  /** placeCall with the attempt's idempotency key: at most one call row (and dial) per key. */
  dial(req: DialRequest): Promise<DialResult>;
  /** The call an idempotency key already made, if any (without dialing). */
  byKey(userId: string, key: string): Promise<CallFacts | undefined>;
  inspect(callId: string): Promise<CallFacts | undefined>;
  /**
   * A call Twilio placed to `to` since `sinceIso` that no call row has claimed: the trace of a
   * dial whose answer was lost in a crash.
   */
  unclaimedAtTwilio(to: string, sinceIso: string): Promise<{ sid: string; status: string } | undefined>;
  /** Record a Twilio call as this row's (and settle it if Twilio says it already ended). */
  adopt(call: CallFacts, sid: string, twilioStatus: string): Promise<void>;
  /** Twilio's status of a dialed call (when its webhooks seem lost). */
  twilioStatus(sid: string): Promise<string | undefined>;
  /** Settle a call whose end Twilio knows but we never heard of. */
  settleFromTwilio(call: CallFacts, twilioStatus: string): Promise<void>;
  /** A call row whose dial never reached Twilio: fail it and release its credits. */
  abandon(call: CallFacts, reason: string): Promise<void>;
}
