// What a CallSession knows about its call (set once when the call is placed) and what it
// keeps in storage so that a reset object resumes the call with its context.
import type { ChatMessage } from "../../core/providers/cerebras.ts";
import type { MemoryContext } from "../../core/db/memories.ts";
import type { TurnRecord } from "./ports.ts";

export interface CallSetup {
  callId: string;
  userId: string;
  channel: "phone" | "web";
  personaId: string;
  personaName: string;
  personaPrompt: string;
  firstMessage: string;
  voiceId: string;
  language: string;
  model: string;
  temperature: number;
  callerName: string;
  timeZone: string;
  purchasedSeconds: number;
  priceCents: number;
  /** Secret the TwiML hands to the media stream; proves a stream belongs to this call. */
  streamToken: string;
  memory: MemoryContext;
  scheduleRunId: string | null;
  /** Operator experiment: the naive turn-taking baseline (benchmarks). */
  naive: boolean;
  twilioCallSid?: string;
}

export type Phase = "created" | "ringing" | "live" | "ended";

export interface Usage {
  audioMs: number;
  promptTokens: number;
  completionTokens: number;
  wastedTokens: number;
  ttsChars: number;
}

export interface CallState {
  phase: Phase;
  answeredAt?: number;
  deadlineAt?: number;
  warned: boolean;
  goodbyeAt?: number;
  history: ChatMessage[];
  seq: number;
  /** Media streams accepted so far (a reset reconnects with a new one). */
  streams: number;
  endReason?: string;
  usage: Usage;
  extensions: number;
  /** Recent turns, for the live view's first paint. */
  turns: TurnRecord[];
  finalized: boolean;
  /** Connect-timeout checks with Twilio that failed so far (bounded: see connectTimeout). */
  connectChecks?: number;
}

export function initialState(): CallState {
  return { phase: "created", warned: false, history: [], seq: 0, streams: 0, usage: { audioMs: 0, promptTokens: 0, completionTokens: 0, wastedTokens: 0, ttsChars: 0 }, extensions: 0, turns: [], finalized: false };
}
