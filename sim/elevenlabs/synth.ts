// Text → speech for the ElevenLabs simulator: eSpeak in a worker thread, results cached per
// (voice, speed, text) because a simulated conversation repeats itself (the LLM stand-in is
// deterministic, previews are asked for again and again).
import { Worker } from "node:worker_threads";
import { speak, type EspeakVoice, type RawSpeech } from "./espeak.ts";
import type { SynthJob, SynthReply } from "./synth-worker.ts";

export interface Speech extends RawSpeech {
  durationMs: number;
}

/** Keep about this many samples (22.05 kHz, 2 bytes each: ~90 MB, ~34 minutes of speech). */
const CACHE_SAMPLES = 45_000_000;

export interface SynthStats {
  requests: number;
  cacheHits: number;
  synthesised: number;
  audioMs: number;
  cpuMs: number;
}

export class Synthesizer {
  private cache = new Map<string, Promise<Speech>>();
  private cachedSamples = 0;
  private worker?: Worker;
  private workerFailed = false;
  private pending = new Map<number, { resolve: (s: RawSpeech, ms: number) => void; reject: (e: Error) => void }>();
  private nextJob = 1;
  readonly stats: SynthStats = { requests: 0, cacheHits: 0, synthesised: 0, audioMs: 0, cpuMs: 0 };

  synthesize(text: string, voice: EspeakVoice, speed = 1): Promise<Speech> {
    this.stats.requests++;
    const v: EspeakVoice = { ...voice, rate: voice.rate * Math.max(0.7, Math.min(1.2, speed)) };
    const key = `${v.voice}|${v.pitch}|${Math.round(v.rate)}|${text}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.stats.cacheHits++;
      // Re-insert so eviction drops the least recently used first.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const p = this.run(text, v).then((raw) => {
      this.cachedSamples += raw.samples.length;
      this.evict();
      const durationMs = (raw.samples.length * 1000) / raw.sampleRate;
      this.stats.synthesised++;
      this.stats.audioMs += durationMs;
      return { ...raw, durationMs };
    });
    p.catch(() => this.cache.delete(key));
    this.cache.set(key, p);
    return p;
  }

  /** Start the worker (and eSpeak inside it) before the first request needs it. */
  warmUp(): void {
    void this.synthesize(".", { voice: "en-us", pitch: 50, rate: 175 }).catch(() => {});
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private evict(): void {
    for (const [key, p] of this.cache) {
      if (this.cachedSamples <= CACHE_SAMPLES) break;
      this.cache.delete(key);
      void p.then((s) => (this.cachedSamples -= s.samples.length)).catch(() => {});
    }
  }

  private async run(text: string, voice: EspeakVoice): Promise<RawSpeech> {
    const worker = this.ensureWorker();
    if (!worker) {
      // Same engine on this thread: only when worker threads are unavailable.
      const t0 = process.cpuUsage();
      const r = await speak(text, voice);
      const c = process.cpuUsage(t0);
      this.stats.cpuMs += (c.user + c.system) / 1000;
      return r;
    }
    const id = this.nextJob++;
    return new Promise<RawSpeech>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (r, ms) => {
          this.stats.cpuMs += ms;
          resolve(r);
        },
        reject,
      });
      const job: SynthJob = { id, text, voice };
      worker.postMessage(job);
    });
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.workerFailed) return this.worker;
    try {
      const w = new Worker(new URL("./synth-worker.ts", import.meta.url));
      w.unref();
      w.on("message", (r: SynthReply) => {
        const job = this.pending.get(r.id);
        if (!job) return;
        this.pending.delete(r.id);
        if (r.ok) job.resolve({ sampleRate: r.sampleRate, samples: r.samples, words: r.words }, r.ms);
        else job.reject(new Error(`speech synthesis failed: ${r.error}`));
      });
      w.on("error", (e: Error) => this.failWorker(e));
      w.on("exit", () => this.failWorker(new Error("synthesis worker exited")));
      this.worker = w;
    } catch {
      this.workerFailed = true;
    }
    return this.worker;
  }

  private failWorker(e: Error): void {
    if (this.worker) this.workerFailed = true;
    this.worker = undefined;
    for (const job of this.pending.values()) job.reject(e);
    this.pending.clear();
  }
}
