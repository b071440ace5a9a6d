// The CallSession's live-view messages (durable-objects/call-session: liveSnapshot and
// sendLive), parsed once at the boundary into a discriminated union.

export interface LiveTurn {
  seq: number;
  speaker: "agent" | "caller";
  text: string;
  heardText: string | null;
  interrupted: boolean;
  startedAt: number;
  endedAt: number | null;
  sttFinalMs?: number;
  llmFirstTokenMs?: number;
  ttsFirstAudioMs?: number;
  overheadMs?: number;
  mouthToEarMs?: number;
}

export type LiveMessage =
  | { type: "snapshot"; phase: string; endReason: string | null; deadlineAt: number | null; turns: LiveTurn[] }
  | { type: "status"; status: string; endReason: string | null; durationSeconds: number | null }
  | { type: "turn"; turn: LiveTurn }
  | { type: "partial"; text: string }
  | { type: "extended"; deadlineAt: number }
  | { type: "extend_result"; ok: boolean; message: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function turn(v: unknown): LiveTurn | undefined {
  if (!isObj(v) || (v.speaker !== "agent" && v.speaker !== "caller") || typeof v.text !== "string") return undefined;
  return {
    seq: num(v.seq) ?? 0,
    speaker: v.speaker,
    text: v.text,
    heardText: str(v.heardText),
    interrupted: v.interrupted === true,
    startedAt: num(v.startedAt) ?? Date.now(),
    endedAt: num(v.endedAt) ?? null,
    sttFinalMs: num(v.sttFinalMs),
    llmFirstTokenMs: num(v.llmFirstTokenMs),
    ttsFirstAudioMs: num(v.ttsFirstAudioMs),
    overheadMs: num(v.overheadMs),
    mouthToEarMs: num(v.mouthToEarMs),
  };
}

export function parseLiveMessage(text: string): LiveMessage | undefined {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObj(m)) return undefined;
  switch (m.type) {
    case "snapshot":
      return {
        type: "snapshot",
        phase: str(m.phase) ?? "created",
        endReason: str(m.endReason),
        deadlineAt: num(m.deadlineAt) ?? null,
        turns: Array.isArray(m.turns) ? m.turns.map(turn).filter((t): t is LiveTurn => t !== undefined) : [],
      };
    case "status":
      return typeof m.status === "string" ? { type: "status", status: m.status, endReason: str(m.endReason), durationSeconds: num(m.durationSeconds) ?? null } : undefined;
    case "turn": {
      const t = turn(m.turn);
      return t ? { type: "turn", turn: t } : undefined;
    }
    case "partial":
      return typeof m.text === "string" ? { type: "partial", text: m.text } : undefined;
    case "extended":
      return num(m.deadlineAt) !== undefined ? { type: "extended", deadlineAt: num(m.deadlineAt)! } : undefined;
    case "extend_result":
      return { type: "extend_result", ok: m.ok === true, message: str(m.message) ?? "" };
    default:
      return undefined;
  }
}

/** The phase the CallSession reports, as a call status. */
export function phaseStatus(phase: string): string | undefined {
  return phase === "ringing" ? "ringing" : phase === "live" ? "in_progress" : undefined;
}

/** The latency that matters per turn: mouth-to-ear when known, else the sum of the stages. */
export function turnLatencyMs(t: Pick<LiveTurn, "mouthToEarMs" | "sttFinalMs" | "llmFirstTokenMs" | "ttsFirstAudioMs" | "overheadMs">): number | undefined {
  if (t.mouthToEarMs !== undefined && t.mouthToEarMs !== null) return t.mouthToEarMs;
  const parts = [t.sttFinalMs, t.llmFirstTokenMs, t.ttsFirstAudioMs, t.overheadMs].filter((x): x is number => typeof x === "number");
  return parts.length ? Math.round(parts.reduce((a, b) => a + b, 0)) : undefined;
}
