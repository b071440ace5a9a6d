// Deepgram live transcription socket (/v1/listen), parsed into a small event union. Audio is
// raw μ-law forwarded as binary frames, exactly as Twilio delivered it.
import type { Config } from "../../../core/config.ts";
import { connectWebSocket, ProviderError } from "../../../core/providers/errors.ts";

export interface ListenOptions {
  model: string;
  language: string;
  endpointingMs: number;
  utteranceEndMs: number;
  interimResults: boolean;
}

export interface Word {
  word: string;
  start: number;
  end: number;
}

/** Times are milliseconds since this socket's audio began. */
export type SttEvent =
  | { type: "speech_started"; atMs: number }
  | { type: "transcript"; text: string; isFinal: boolean; speechFinal: boolean; fromFinalize: boolean; startMs: number; endMs: number; words: Word[] }
  | { type: "utterance_end"; lastWordEndMs: number }
  | { type: "metadata" };

export interface DeepgramSocket {
  send(audio: Uint8Array): void;
  keepAlive(): void;
  finalize(): void;
  /** Graceful end: flush, then close. */
  closeStream(): void;
  abort(): void;
}

export interface DeepgramHandlers {
  onEvent(e: SttEvent): void;
  /** The socket closed without us asking (network drop, idle timeout, server error). */
  onDrop(code: number, reason: string): void;
}

export function listenUrl(baseUrl: string, o: ListenOptions): string {
  const q = new URLSearchParams({
    model: o.model,
    language: o.language,
    encoding: "mulaw",
    sample_rate: "8000",
    channels: "1",
    interim_results: String(o.interimResults),
    endpointing: String(o.endpointingMs),
    utterance_end_ms: String(o.utteranceEndMs),
    vad_events: "true",
    smart_format: "true",
    punctuate: "true",
    mip_opt_out: "true",
  });
  return `${baseUrl.replace(/^http/, "ws")}/v1/listen?${q}`;
}

interface RawResult {
  type: string;
  is_final?: boolean;
  speech_final?: boolean;
  from_finalize?: boolean;
  start?: number;
  duration?: number;
  timestamp?: number;
  last_word_end?: number;
  channel?: { alternatives?: Array<{ transcript?: string; words?: Array<{ word?: string; punctuated_word?: string; start?: number; end?: number }> }> };
}

export function parseSttMessage(text: string): SttEvent | undefined {
  let m: RawResult;
  try {
    m = JSON.parse(text) as RawResult;
  } catch {
    return undefined;
  }
  switch (m.type) {
    case "Results": {
      const alt = m.channel?.alternatives?.[0];
      const startMs = (m.start ?? 0) * 1000;
      return {
        type: "transcript",
        text: alt?.transcript ?? "",
        isFinal: m.is_final === true,
        speechFinal: m.speech_final === true,
        fromFinalize: m.from_finalize === true,
        startMs,
        endMs: startMs + (m.duration ?? 0) * 1000,
        words: (alt?.words ?? []).map((w) => ({ word: w.punctuated_word ?? w.word ?? "", start: (w.start ?? 0) * 1000, end: (w.end ?? 0) * 1000 })),
      };
    }
    case "SpeechStarted":
      return { type: "speech_started", atMs: (m.timestamp ?? 0) * 1000 };
    case "UtteranceEnd":
      return { type: "utterance_end", lastWordEndMs: (m.last_word_end ?? 0) * 1000 };
    case "Metadata":
      return { type: "metadata" };
    default:
      return undefined;
  }
}

export async function openDeepgram(cfg: Config["deepgram"], o: ListenOptions, h: DeepgramHandlers, signal?: AbortSignal): Promise<DeepgramSocket> {
  const ws = await connectWebSocket("deepgram", listenUrl(cfg.baseUrl, o), { Authorization: `Token ${cfg.apiKey}` }, signal);
  let closing = false;
  ws.addEventListener("message", (ev: MessageEvent) => {
    if (typeof ev.data !== "string") return;
    const e = parseSttMessage(ev.data);
    if (e) h.onEvent(e);
  });
  ws.addEventListener("close", (ev: CloseEvent) => {
    if (!closing) h.onDrop(ev.code, ev.reason);
  });
  ws.addEventListener("error", () => {
    if (!closing) {
      closing = true;
      h.onDrop(1006, "socket error");
    }
  });
  const sendText = (s: string) => {
    try {
      ws.send(s);
    } catch {
      /* closed: the drop handler deals with it */
    }
  };
  return {
    send(audio) {
      // An empty frame would end the stream on Deepgram's side.
      if (audio.byteLength === 0) return;
      try {
        ws.send(audio);
      } catch {
        /* closed */
      }
    },
    keepAlive: () => sendText('{"type":"KeepAlive"}'),
    finalize: () => sendText('{"type":"Finalize"}'),
    closeStream() {
      closing = true;
      sendText('{"type":"CloseStream"}');
      // Give Deepgram a moment to send the last results, then close our side regardless.
      setTimeout(() => {
        try {
          ws.close(1000, "done");
        } catch {
          /* already closed */
        }
      }, 1500);
    },
    abort() {
      closing = true;
      try {
        ws.close(1000, "abort");
      } catch {
        /* already closed */
      }
    },
  };
}

export { ProviderError };
