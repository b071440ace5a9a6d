// Energy voice-activity detection over μ-law frames, for the Deepgram simulator: speech vs
// silence is decided from the audio itself, so event timing follows the audio.
import { rms } from "./mulaw.ts";

/** RMS (16-bit scale) above which a frame counts as voiced. Digital silence is 0, line noise ~<100. */
export const SPEECH_RMS = 400;

export function isSpeech(frame: Uint8Array, threshold = SPEECH_RMS): boolean {
  return rms(frame) >= threshold;
}
