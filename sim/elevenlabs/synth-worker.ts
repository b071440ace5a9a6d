// Worker thread that runs eSpeak, so a long sentence never stalls the event loop that paces
// every simulator's audio (Twilio media frames are due every 20 ms).
import { parentPort } from "node:worker_threads";
import { speak, warmUp, type EspeakVoice } from "./espeak.ts";

export interface SynthJob {
  id: number;
  text: string;
  voice: EspeakVoice;
}

export type SynthReply =
  | { id: number; ok: true; sampleRate: number; samples: Int16Array; words: Array<[number, number, number]>; ms: number }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (port) {
  void warmUp();
  port.on("message", async (job: SynthJob) => {
    try {
      const t0 = performance.now();
      const r = await speak(job.text, job.voice);
      // The job runs alone on this thread, so its wall time is its CPU time.
      const reply: SynthReply = { id: job.id, ok: true, ...r, ms: performance.now() - t0 };
      port.postMessage(reply, [r.samples.buffer as ArrayBuffer]);
    } catch (e) {
      const reply: SynthReply = { id: job.id, ok: false, error: (e as Error).message };
      port.postMessage(reply);
    }
  });
}
