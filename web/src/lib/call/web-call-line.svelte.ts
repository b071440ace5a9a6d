// The browser end of a web call: microphone → μ-law frames (with typed words watermarked in)
// → the call's media stream; the persona's audio → the gap-free player, marks echoed when
// played, clear honoured at once.
import { AudioEngine } from "$lib/audio/engine.ts";
import { VoiceOut } from "$lib/audio/voice-out.ts";
import type { LineState, SoftphoneLine } from "./softphone-line.ts";
import { WebCallStream } from "./media-stream.ts";

export class WebCallLine implements SoftphoneLine {
  state = $state<LineState>("idle");
  muted = $state(false);
  hearing = $state(false);
  sending = $state(false);
  micAvailable = $state(false);
  error = $state<string | null>(null);
  detail = $state("");
  private engine?: AudioEngine;
  private stream?: WebCallStream;
  private readonly voice = new VoiceOut();
  private readonly callId: string;

  constructor(callId: string) {
    this.callId = callId;
  }

  /** Connect the call's audio. Call it from a click where possible (browsers gate audio). */
  async start(): Promise<void> {
    if (this.state !== "idle") return;
    this.state = "connecting";
    this.error = null;
    const res = await fetch(`/api/calls/${this.callId}/stream-token`, { headers: { accept: "application/json" } }).catch(() => undefined);
    const body: unknown = res ? await res.json().catch(() => undefined) : undefined;
    const token = typeof body === "object" && body !== null && "token" in body && typeof body.token === "string" ? body.token : undefined;
    if (!res?.ok || !token) {
      this.state = "ended";
      this.error = typeof body === "object" && body !== null && "error" in body && typeof body.error === "object" && body.error !== null && "message" in body.error && typeof body.error.message === "string" ? body.error.message : "This call can't be joined.";
      return;
    }
    try {
      this.engine = await AudioEngine.start(
        {
          onFrame: (frame) => this.stream?.sendFrame(this.voice.next(frame)),
          onMark: (name) => this.stream?.markPlayed(name),
          onPlaying: (p) => (this.hearing = p),
        },
        { microphone: true },
      );
    } catch (e) {
      this.state = "ended";
      this.error = `Audio could not start in this browser (${(e as Error).message}).`;
      return;
    }
    this.micAvailable = this.engine.micAvailable;
    this.stream = new WebCallStream(this.callId, token, {
      onOpen: () => (this.state = "live"),
      onAudio: (b) => this.engine?.play(b),
      onMark: (n) => this.engine?.mark(n),
      onClear: () => this.engine?.clear(),
      onClose: (reason) => void this.finish(reason),
    });
  }

  /** Browsers may keep audio suspended until a click. */
  get needsGesture(): boolean {
    return this.engine?.suspended ?? false;
  }

  resumeAudio(): Promise<void> {
    return this.engine?.resume() ?? Promise.resolve();
  }

  setMuted(m: boolean): void {
    this.muted = m;
    if (this.engine) this.engine.muted = m;
  }

  async say(text: string, simulatedVoice: boolean): Promise<void> {
    this.sending = true;
    try {
      await this.voice.say(text, simulatedVoice);
    } finally {
      this.sending = this.voice.speaking;
    }
  }

  hangUp(): void {
    this.stream?.hangUp();
    void this.finish("you hung up");
  }

  private async finish(reason: string): Promise<void> {
    if (this.state === "ended") return;
    this.state = "ended";
    this.detail = reason;
    this.voice.cancel();
    this.sending = false;
    this.hearing = false;
    await this.engine?.close();
    this.engine = undefined;
  }

  dispose(): void {
    if (this.state === "live" || this.state === "connecting") this.hangUp();
  }
}
