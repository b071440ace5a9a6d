// The stream-input / multi-stream-input wire protocol, parsed once at the boundary.
// Client keys are snake_case; server keys camelCase (audio, normalizedAlignment, isFinal,
// contextId) — both as in the official SDK's schemas.

export interface ContextInit {
  speed?: number;
  chunkLengthSchedule?: number[];
}

export type ClientMessage =
  /** Text (possibly " " = open/initialise, "" = end / keep-alive), with flags. */
  | { kind: "text"; text: string; contextId?: string; flush: boolean; tryTrigger: boolean; init?: ContextInit; apiKey?: string }
  | { kind: "close_context"; contextId: string }
  | { kind: "close_socket" };

export type ParseResult = { ok: true; msg: ClientMessage } | { ok: false };

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

export function parseClientMessage(raw: string): ParseResult {
  let j: unknown;
  try {
    j = JSON.parse(raw);
  } catch {
    return { ok: false };
  }
  if (!isObj(j)) return { ok: false };
  const contextId = typeof j.context_id === "string" ? j.context_id : undefined;
  if (j.close_socket === true) return { ok: true, msg: { kind: "close_socket" } };
  if (j.close_context === true) return contextId === undefined ? { ok: false } : { ok: true, msg: { kind: "close_context", contextId } };
  if (j.text !== undefined && typeof j.text !== "string") return { ok: false };
  // {"context_id", "flush": true} carries no text; it is still a (flushing) text message.
  if (typeof j.text !== "string" && j.flush !== true) return { ok: false };
  const settings = isObj(j.voice_settings) ? j.voice_settings : undefined;
  const gen = isObj(j.generation_config) ? j.generation_config : isObj(j.generator_config) ? j.generator_config : undefined;
  const schedule = gen && Array.isArray(gen.chunk_length_schedule) ? gen.chunk_length_schedule.filter((n): n is number => typeof n === "number") : undefined;
  const init: ContextInit | undefined =
    settings || schedule ? { speed: typeof settings?.speed === "number" ? settings.speed : undefined, chunkLengthSchedule: schedule } : undefined;
  // The key may ride in the first message: "xi-api-key" (SDK), xi_api_key (spec example) or authorization.
  const key = j["xi-api-key"] ?? j.xi_api_key ?? j.authorization;
  return {
    ok: true,
    msg: {
      kind: "text",
      text: typeof j.text === "string" ? j.text : "",
      contextId,
      flush: j.flush === true,
      tryTrigger: j.try_trigger_generation === true,
      init,
      apiKey: typeof key === "string" ? key.replace(/^Bearer\s+/i, "") : undefined,
    },
  };
}

export interface Alignment {
  chars: string[];
  charStartTimesMs: number[];
  charDurationsMs: number[];
}

export type ServerMessage =
  | { audio: string; normalizedAlignment: Alignment | null; alignment: Alignment | null; contextId?: string }
  | { isFinal: true; contextId?: string }
  | { message: string; error: string; code: 1008 };

/** The real service's error frames: a JSON message, then a close with code 1008. */
export const WS_ERRORS = {
  invalidMessage: { message: "Could not parse input message, make sure it is a json and follows the schema outlined in protocol.", error: "invalid_input_message" },
  invalidKey: { message: "Invalid API key", error: "invalid_api_key" },
  missingKey: { message: "Neither authorization header nor xi-api-key received, please provide one.", error: "needs_authorization" },
  maxContexts: {
    message: "Maximum simultaneous contexts per WebSocket connection exceeded (5). Please close an existing context before opening a new one.",
    error: "max_active_conversations",
  },
  timeout: (s: number) => ({
    message: `Have not received a new text input within the timeout of ${s} seconds. Streaming input terminated. Please make sure to either feed the input in the timely manner, or to send the end of input text (empty string "") when done.`,
    error: "input_timeout_exceeded",
  }),
  voiceNotFound: (id: string) => ({ message: `A voice with voice_id '${id}' was not found.`, error: "voice_not_found" }),
  modelNotFound: (id: string) => ({ message: `A model with model_id '${id}' was not found.`, error: "model_not_found" }),
} as const;

/** WebSocket close reasons are limited to 123 bytes; the real service truncates its messages. */
export function closeReason(message: string): string {
  const bytes = new TextEncoder().encode(message);
  if (bytes.length <= 123) return message;
  return new TextDecoder().decode(bytes.subarray(0, 123)).replace(/\uFFFD$/, "");
}
