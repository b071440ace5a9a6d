// The softphone's audio, in the browser: one AudioContext with two worklets — the microphone
// becoming 20 ms μ-law frames (capture.worklet.ts) and μ-law reply audio played back gap-free
// with mark echoes (player.worklet.ts). Transports (a web call's media stream, or the test
// phone's handset socket) plug into onFrame / play / mark / clear.
import { decode, FRAME_BYTES, MULAW_SILENCE } from "../../../../sim/audio/mulaw.ts";
import captureUrl from "./capture.worklet.ts?worker&url";
import playerUrl from "./player.worklet.ts?worker&url";
import type { PlayerCommand, PlayerEvent } from "./player.worklet.ts";

export interface EngineEvents {
  /** Every 20 ms: the microphone's frame, or silence when muted or without a microphone. */
  onFrame(frame: Uint8Array): void;
  onMark?(name: string): void;
  onPlaying?(playing: boolean): void;
}

export class AudioEngine {
  readonly context: AudioContext;
  readonly micAvailable: boolean;
  muted = false;
  private readonly stream?: MediaStream;
  private readonly player: AudioWorkletNode;
  private readonly capture: AudioWorkletNode;

  private constructor(context: AudioContext, capture: AudioWorkletNode, player: AudioWorkletNode, stream: MediaStream | undefined, events: EngineEvents) {
    this.context = context;
    this.capture = capture;
    this.player = player;
    this.stream = stream;
    this.micAvailable = stream !== undefined;
    capture.port.onmessage = (e: MessageEvent<Uint8Array>) => events.onFrame(this.muted ? new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE) : e.data);
    player.port.onmessage = (e: MessageEvent<PlayerEvent>) => {
      const m = e.data;
      if (m.type === "mark") events.onMark?.(m.name);
      else events.onPlaying?.(m.playing);
    };
  }

  /** Ask for the microphone (carrying on without it if refused) and start the audio graph. */
  static async start(events: EngineEvents, opts: { microphone: boolean }): Promise<AudioEngine> {
    const context = new AudioContext({ latencyHint: "interactive" });
    await Promise.all([context.audioWorklet.addModule(captureUrl), context.audioWorklet.addModule(playerUrl)]);
    let stream: MediaStream | undefined;
    if (opts.microphone && navigator.mediaDevices?.getUserMedia) {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 } }).catch(() => undefined);
    }
    const capture = new AudioWorkletNode(context, "cmb-capture", { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: "explicit" });
    if (stream) context.createMediaStreamSource(stream).connect(capture);
    // The capture node only runs while something pulls on it: route it into a silent gain.
    const sink = context.createGain();
    sink.gain.value = 0;
    capture.connect(sink).connect(context.destination);
    const player = new AudioWorkletNode(context, "cmb-player", { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
    player.connect(context.destination);
    if (context.state === "suspended") await context.resume().catch(() => {});
    return new AudioEngine(context, capture, player, stream, events);
  }

  /** Audio can't start without a user gesture in some browsers: call from a click. */
  get suspended(): boolean {
    return this.context.state === "suspended";
  }

  resume(): Promise<void> {
    return this.context.resume();
  }

  play(mulaw: Uint8Array): void {
    const pcm = decode(mulaw);
    const samples = new Float32Array(pcm.length);
    for (let i = 0; i < pcm.length; i++) samples[i] = pcm[i] / 32768;
    this.send({ type: "audio", samples }, [samples.buffer]);
  }

  mark(name: string): void {
    this.send({ type: "mark", name });
  }

  clear(): void {
    this.send({ type: "clear" });
  }

  private send(c: PlayerCommand, transfer: Transferable[] = []): void {
    this.player.port.postMessage(c, transfer);
  }

  async close(): Promise<void> {
    this.capture.port.onmessage = null;
    this.player.port.onmessage = null;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    await this.context.close().catch(() => {});
  }
}
