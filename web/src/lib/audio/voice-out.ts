// What the softphone says, frame by frame. Typed text is sent WITH the audio: its words are
// written into the μ-law least significant bits (the kind-1 watermark, sim/audio/watermark.ts)
// of the frames that carry it — over the microphone's own audio, or over a simulated voice
// when there is no one speaking (local testing). The local Deepgram simulator reads the words
// from the watermark; to a real speech recogniser the marks are inaudible noise.
// Imports of sim/ are relative (not $sim) so this file also runs under plain Node in tests.
import { FRAME_BYTES } from "../../../../sim/audio/mulaw.ts";
import { speechDurationMs, synthSpeech } from "../../../../sim/audio/speech.ts";
import { KIND_CALLER, markFrame } from "../../../../sim/audio/watermark.ts";

interface Utterance {
  id: number;
  text: string;
  total: number;
  index: number;
  /** Simulated voice frames, when the text is spoken for you. */
  voice?: Uint8Array[];
  done: () => void;
}

export class VoiceOut {
  private queue: Utterance[] = [];
  private nextId = Math.floor(Math.random() * 0xfff0) + 1;

  /** Is an utterance being sent now? */
  get speaking(): boolean {
    return this.queue.length > 0;
  }

  /**
   * Queue `text`; resolves when its last frame has gone out. With `simulatedVoice` the frames
   * are a synthetic voice; otherwise the watermark rides on the microphone (say it aloud).
   */
  say(text: string, simulatedVoice: boolean): Promise<void> {
    const id = this.nextId;
    this.nextId = (this.nextId % 0xfffe) + 1;
    return new Promise((done) => {
      const voice = simulatedVoice ? synthSpeech(text, { id, kind: KIND_CALLER }) : undefined;
      const total = voice?.length ?? Math.max(1, Math.round(speechDurationMs(text) / 20));
      this.queue.push({ id, text, total, index: 0, voice, done });
    });
  }

  /** The frame to send in place of `mic` (a fresh 160-byte μ-law frame every 20 ms). */
  next(mic: Uint8Array): Uint8Array {
    const u = this.queue[0];
    if (!u) return mic;
    const frame = u.voice ? u.voice[u.index] : mic.length === FRAME_BYTES ? new Uint8Array(mic) : new Uint8Array(FRAME_BYTES).fill(0xff);
    // Simulated frames carry their watermark already.
    if (!u.voice) markFrame(frame, { kind: KIND_CALLER, id: u.id, index: u.index, total: u.total, text: u.text });
    u.index++;
    if (u.index >= u.total) {
      this.queue.shift();
      u.done();
    }
    return frame;
  }

  cancel(): void {
    for (const u of this.queue) u.done();
    this.queue = [];
  }
}
