// One ElevenLabs socket per call shared by every reply's context. If the socket drops, every
// open context is told (its reply retries on a fresh one) and the next context reconnects.
import type { Config } from "../../core/config.ts";
import { openElevenLabs, type TtsSocket, type TtsVoice } from "./providers/elevenlabs.ts";
import type { Tts, TtsContextHandlers } from "./ports.ts";

const MAX_CONTEXTS = 4; // ElevenLabs allows 5; keep one spare for the next reply

export class TtsHub implements Tts {
  private socket?: Promise<TtsSocket>;
  private readonly contexts = new Map<string, TtsContextHandlers>();
  private readonly order: string[] = [];
  private closed = false;
  private readonly cfg: Config["elevenlabs"];
  private readonly voice: TtsVoice;
  private readonly log: (m: string) => void;

  constructor(cfg: Config["elevenlabs"], voice: TtsVoice, log: (m: string) => void) {
    this.cfg = cfg;
    this.voice = voice;
    this.log = log;
  }

  /** Open the socket ahead of time (the call is ringing). */
  warm(): Promise<void> {
    return this.connection().then(
      () => undefined,
      () => undefined,
    );
  }

  private connection(): Promise<TtsSocket> {
    if (!this.socket) {
      const p = openElevenLabs(this.cfg, this.voice, {
        onAudio: (a) => this.contexts.get(a.contextId)?.onAudio(a.b64, a.chars),
        onContextFinal: (id) => this.contexts.get(id)?.onFinal(),
        onError: (message, id) => {
          this.log(`tts error: ${message}`);
          if (id) this.contexts.get(id)?.onError(message);
          else for (const h of this.contexts.values()) h.onError(message);
        },
        onDrop: (code, reason) => {
          this.log(`tts socket dropped (${code} ${reason})`);
          if (this.socket === p) this.socket = undefined;
          const open = [...this.contexts.values()];
          this.contexts.clear();
          this.order.length = 0;
          for (const h of open) h.onError("tts socket dropped");
        },
      });
      this.socket = p;
      p.catch(() => {
        if (this.socket === p) this.socket = undefined;
      });
    }
    return this.socket;
  }

  open(id: string, h: TtsContextHandlers): void {
    if (this.closed) return h.onError("call ended");
    this.contexts.set(id, h);
    this.order.push(id);
    while (this.order.length > MAX_CONTEXTS) {
      const old = this.order.shift()!;
      if (this.contexts.has(old)) this.close(old);
    }
    this.connection().then(
      (s) => this.contexts.has(id) && s.openContext(id),
      (e: Error) => {
        this.contexts.delete(id);
        h.onError(e.message);
      },
    );
  }

  send(id: string, text: string, flush: boolean): void {
    if (!this.contexts.has(id)) return;
    void this.connection().then(
      (s) => this.contexts.has(id) && s.send(id, text, flush),
      () => {},
    );
  }

  close(id: string): void {
    if (!this.contexts.delete(id)) return;
    const i = this.order.indexOf(id);
    if (i >= 0) this.order.splice(i, 1);
    void this.socket?.then(
      (s) => s.closeContext(id),
      () => {},
    );
  }

  shutdown(): void {
    this.closed = true;
    this.contexts.clear();
    void this.socket?.then(
      (s) => s.close(),
      () => {},
    );
    this.socket = undefined;
  }
}
