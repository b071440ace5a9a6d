// The handset WebSocket protocol: `ws://<twilio sim>/handset?number=<E.164>` registers one
// phone. JSON text frames both ways, each a discriminated union on `type`. Browser-safe (the
// softphone parses these too). See README.md for the narrative.

export type PolicyAnswer = "manual" | "auto" | "busy" | "no-answer" | "voicemail" | "fail";
export const POLICY_ANSWERS: readonly PolicyAnswer[] = ["manual", "auto", "busy", "no-answer", "voicemail", "fail"];

/** How a phone reacts to an incoming call. `ringMs`: how long it rings before the outcome. */
export interface Policy {
  answer: PolicyAnswer;
  ringMs?: number;
}

/** Client → simulator. `callSid` defaults to the phone's current call; `ref` is echoed back. */
export type HandsetCommand =
  | { type: "answer"; callSid?: string }
  | { type: "reject"; callSid?: string }
  | { type: "hangup"; callSid?: string }
  | { type: "say"; text: string; durationMs?: number; callSid?: string; ref?: string }
  | { type: "audio"; payload: string; callSid?: string }
  | { type: "dtmf"; digit: string; callSid?: string }
  | { type: "policy"; answer: PolicyAnswer; ringMs?: number };

/** Simulator → client. `at` is the simulator's clock (Date.now() of its process). */
export type HandsetEvent =
  | { type: "registered"; number: string; policy: Policy; at: number }
  | { type: "policy"; number: string; policy: Policy; at: number }
  | { type: "incoming"; callSid: string; from: string; to: string; at: number }
  | { type: "state"; callSid: string; status: string; at: number }
  | { type: "sms"; sid: string; from: string; to: string; body: string; at: number }
  | { type: "audio"; callSid: string; payload: string; at: number }
  | { type: "heard"; callSid: string; id: number; text: string; at: number }
  | { type: "said"; callSid: string; id: number; text: string; startAt: number; endAt: number; ref?: string }
  | { type: "ended"; callSid: string; status: string; reason: string; at: number }
  | { type: "error"; message: string; ref?: string };

export type HandsetEventType = HandsetEvent["type"];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const optString = (v: unknown) => v === undefined || typeof v === "string";

/** Parse a client frame once, at the boundary. */
export function parseCommand(text: string): { ok: HandsetCommand } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { error: "not JSON" };
  }
  if (!isObject(v)) return { error: "not a JSON object" };
  if (!optString(v.callSid)) return { error: "callSid must be a string" };
  const callSid = v.callSid as string | undefined;
  switch (v.type) {
    case "answer":
    case "reject":
    case "hangup":
      return { ok: { type: v.type, callSid } };
    case "say":
      if (typeof v.text !== "string" || !v.text) return { error: "say.text must be a non-empty string" };
      if (v.durationMs !== undefined && (typeof v.durationMs !== "number" || !(v.durationMs > 0))) return { error: "say.durationMs must be a positive number" };
      if (!optString(v.ref)) return { error: "say.ref must be a string" };
      return { ok: { type: "say", text: v.text, durationMs: v.durationMs as number | undefined, callSid, ref: v.ref as string | undefined } };
    case "audio":
      if (typeof v.payload !== "string") return { error: "audio.payload must be base64 μ-law" };
      return { ok: { type: "audio", payload: v.payload, callSid } };
    case "dtmf":
      if (typeof v.digit !== "string" || !/^[0-9*#A-Dw]$/.test(v.digit)) return { error: "dtmf.digit must be one of 0-9 * # A-D w" };
      return { ok: { type: "dtmf", digit: v.digit, callSid } };
    case "policy":
      if (!POLICY_ANSWERS.includes(v.answer as PolicyAnswer)) return { error: `policy.answer must be one of ${POLICY_ANSWERS.join(", ")}` };
      if (v.ringMs !== undefined && (typeof v.ringMs !== "number" || v.ringMs < 0)) return { error: "policy.ringMs must be a number >= 0" };
      return { ok: { type: "policy", answer: v.answer as PolicyAnswer, ringMs: v.ringMs as number | undefined } };
    default:
      return { error: `unknown type ${JSON.stringify(v.type)}` };
  }
}

const EVENT_TYPES: readonly HandsetEventType[] = ["registered", "policy", "incoming", "state", "sms", "audio", "heard", "said", "ended", "error"];

/** Client side: accept a frame as an event only if it is an object with a known `type`. */
export function parseEvent(text: string): HandsetEvent | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  // The simulator is the only sender; the tag check keeps a stray frame from being misread.
  return isObject(v) && EVENT_TYPES.includes(v.type as HandsetEventType) ? (v as HandsetEvent) : undefined;
}

/** Validate a policy from a control request body (same rules as the `policy` command). */
export function parsePolicy(v: Record<string, unknown>): Policy | { error: string } {
  const r = parseCommand(JSON.stringify({ ...v, type: "policy" }));
  if ("error" in r) return r;
  if (r.ok.type !== "policy") return { error: "not a policy" };
  return { answer: r.ok.answer, ringMs: r.ok.ringMs };
}
