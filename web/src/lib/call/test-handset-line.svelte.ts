// Development only: the browser as the phone of one of your numbers in the Twilio simulator
// (its handset socket; sim/handset/README.md). It rings for calls placed to the number,
// answers, plays what the persona says, sends the microphone (with typed words watermarked in),
// and shows SMS such as verification codes.
import { fromBase64 } from "$sim/audio/mulaw.ts";
import { HandsetClient } from "$sim/handset/client.ts";
import type { HandsetEvent } from "$sim/handset/protocol.ts";
import { AudioEngine } from "$lib/audio/engine.ts";
import { VoiceOut } from "$lib/audio/voice-out.ts";
import type { LineState, SoftphoneLine } from "./softphone-line.ts";

export interface PhoneLogEntry {
  at: number;
  kind: "sms" | "heard" | "call";
  text: string;
}

export class TestHandsetLine implements SoftphoneLine {
  state = $state<LineState>("idle");
  muted = $state(false);
  hearing = $state(false);
  sending = $state(false);
  micAvailable = $state(false);
  error = $state<string | null>(null);
  detail = $state("");
  log = $state<PhoneLogEntry[]>([]);
  connected = $state(false);
  readonly number: string;
  private client?: HandsetClient;
  private engine?: AudioEngine;
  private readonly voice = new VoiceOut();
  private readonly simUrl: string;
  private closed = false;
  private quietTimer?: ReturnType<typeof setTimeout>;

  constructor(simUrl: string, number: string) {
    this.simUrl = simUrl;
    this.number = number;
  }

  /** Register as the number's phone and start audio (call from a click: browsers gate audio). */
  async connect(): Promise<void> {
    try {
      this.engine ??= await AudioEngine.start(
        {
          onFrame: (frame) => {
            if (this.state === "live" && this.client?.currentCall) this.client.sendAudio(this.voice.next(frame));
          },
        },
        { microphone: true },
      );
      this.micAvailable = this.engine.micAvailable;
      this.client = await HandsetClient.connect(this.simUrl, this.number);
    } catch (e) {
      this.error = `The test phone could not connect: ${(e as Error).message}`;
      return;
    }
    this.connected = true;
    this.client.onAudio = (e) => {
      this.engine?.play(fromBase64(e.payload));
      // Handset audio has no marks: "speaking" until the frames stop for a moment.
      this.hearing = true;
      clearTimeout(this.quietTimer);
      this.quietTimer = setTimeout(() => (this.hearing = false), 300);
    };
    void this.pump(this.client);
  }

  private async pump(client: HandsetClient): Promise<void> {
    while (!this.closed) {
      let e: HandsetEvent;
      try {
        e = await client.waitFor((x) => x.type !== "audio", 3_600_000);
      } catch {
        continue;
      }
      this.onEvent(e);
    }
  }

  private note(kind: PhoneLogEntry["kind"], text: string): void {
    this.log = [{ at: Date.now(), kind, text }, ...this.log].slice(0, 30);
  }

  private onEvent(e: HandsetEvent): void {
    switch (e.type) {
      case "incoming":
        this.state = "ringing";
        this.detail = `call from ${e.from}`;
        this.note("call", `Incoming call from ${e.from}`);
        return;
      case "state":
        if (e.status === "in-progress") this.state = "live";
        return;
      case "ended":
        this.state = "idle";
        this.detail = `last call ended (${e.reason})`;
        this.voice.cancel();
        this.sending = false;
        this.engine?.clear();
        this.note("call", `Call ended: ${e.reason}`);
        return;
      case "sms":
        this.note("sms", e.body);
        return;
      case "heard":
        this.note("heard", e.text);
        return;
      case "error":
        this.error = e.message;
        return;
      default:
        return;
    }
  }

  answer(): void {
    this.client?.answer();
    void this.engine?.resume();
  }

  decline(): void {
    this.client?.reject();
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
    this.client?.hangup();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.quietTimer);
    await this.client?.close();
    await this.engine?.close();
    this.connected = false;
  }
}
