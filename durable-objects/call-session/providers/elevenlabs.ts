// ElevenLabs multi-context streaming TTS: one socket per call, one context per reply, so a
// barge-in closes a context instead of a connection. Output is ulaw_8000 — Twilio's format —
// and arrives base64 with per-character timing, which tells us what a cut-off reply said.
import type { Config } from "../../../core/config.ts";
import { connectWebSocket } from "../../../core/providers/errors.ts";
import type { AlignedChar } from "../heard-text.ts";

export interface TtsVoice {
  voiceId: string;
  modelId: string;
  languageCode?: string;
}

export interface TtsAudio {
  contextId: string;
  b64: string;
  /** Characters with start times relative to this chunk. */
  chars: AlignedChar[];
}

export interface TtsHandlers {
  onAudio(a: TtsAudio): void;
  onContextFinal(contextId: string): void;
  onError(message: string, contextId?: string): void;
  onDrop(code: number, reason: string): void;
}

export interface TtsSocket {
  openContext(id: string): void;
  send(id: string, text: string, flush: boolean): void;
  closeContext(id: string): void;
  close(): void;
}

const VOICE_SETTINGS = { stability: 0.5, similarity_boost: 0.8, style: 0, use_speaker_boost: true, speed: 1.0 };

export function streamUrl(baseUrl: string, v: TtsVoice): string {
  const q = new URLSearchParams({ model_id: v.modelId, output_format: "ulaw_8000", inactivity_timeout: "180", sync_alignment: "true", auto_mode: "true" });
  if (v.languageCode && /_v2_5$/.test(v.modelId)) q.set("language_code", v.languageCode);
  return `${baseUrl.replace(/^http/, "ws")}/v1/text-to-speech/${encodeURIComponent(v.voiceId)}/multi-stream-input?${q}`;
}

interface RawAlignment {
  chars?: string[];
  charStartTimesMs?: number[];
}

interface RawMessage {
  audio?: string | null;
  alignment?: RawAlignment | null;
  normalizedAlignment?: RawAlignment | null;
  isFinal?: boolean | null;
  contextId?: string;
  context_id?: string;
  error?: string;
  message?: string;
}

export async function openElevenLabs(cfg: Config["elevenlabs"], voice: TtsVoice, h: TtsHandlers, signal?: AbortSignal): Promise<TtsSocket> {
  const ws = await connectWebSocket("elevenlabs", streamUrl(cfg.baseUrl, voice), { "xi-api-key": cfg.apiKey }, signal);
  let closing = false;
  ws.addEventListener("message", (ev: MessageEvent) => {
    if (typeof ev.data !== "string") return;
    let m: RawMessage;
    try {
      m = JSON.parse(ev.data) as RawMessage;
    } catch {
      return;
    }
    const ctx = m.contextId ?? m.context_id ?? "";
    if (m.error) return h.onError(m.message ? `${m.error}: ${m.message}` : m.error, ctx || undefined);
    if (m.audio) {
      const a = m.alignment ?? m.normalizedAlignment;
      const chars: AlignedChar[] = (a?.chars ?? []).map((ch, i) => ({ ch, startMs: a?.charStartTimesMs?.[i] ?? 0 }));
      h.onAudio({ contextId: ctx, b64: m.audio, chars });
    }
    if (m.isFinal === true) h.onContextFinal(ctx);
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
  const send = (o: unknown) => {
    try {
      ws.send(JSON.stringify(o));
    } catch {
      /* closed: the drop handler deals with it */
    }
  };
  return {
    openContext: (id) => send({ text: " ", context_id: id, voice_settings: VOICE_SETTINGS }),
    send: (id, text, flush) => send(flush ? { text: text.endsWith(" ") ? text : `${text} `, context_id: id, flush: true } : { text: text.endsWith(" ") ? text : `${text} `, context_id: id }),
    closeContext: (id) => send({ context_id: id, close_context: true }),
    close() {
      closing = true;
      send({ close_socket: true });
      try {
        ws.close(1000, "done");
      } catch {
        /* already closed */
      }
    },
  };
}
