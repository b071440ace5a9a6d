// Injected provider latency. Each stage draws from a log-normal fixed by its p50 and p95
// (../shared/docs/latency-profiles.md), so a benchmark run looks like a real call; the
// "zero" profile injects nothing and isolates what our own code adds.

export type Stage =
  | "twilio.rest"
  | "twilio.media.inbound"
  | "twilio.media.outbound"
  | "deepgram.connect"
  | "deepgram.interim"
  | "deepgram.speech_started"
  | "deepgram.final_extra"
  | "cerebras.first_token"
  | "cerebras.tokens_per_s"
  | "elevenlabs.connect"
  | "elevenlabs.first_audio"
  | "elevenlabs.realtime_factor"
  | "workos.rest"
  | "stripe.rest";

/** A fixed value when p95 is absent or equals p50; otherwise log-normal. */
export interface Dist {
  p50: number;
  p95?: number;
}

export type Profile = Partial<Record<Stage, Dist>>;

export const PROFILES: Record<"published" | "zero", Profile> = {
  published: {
    "twilio.rest": { p50: 120, p95: 250 },
    "twilio.media.inbound": { p50: 50, p95: 80 },
    "twilio.media.outbound": { p50: 50, p95: 80 },
    "deepgram.connect": { p50: 80, p95: 150 },
    "deepgram.interim": { p50: 150, p95: 250 },
    "deepgram.speech_started": { p50: 100, p95: 150 },
    // Final = endpointing + this (the endpointing wait itself follows the audio).
    "deepgram.final_extra": { p50: 100, p95: 200 },
    "cerebras.first_token": { p50: 200, p95: 400 },
    // Tokens per second: p50 1500; the table gives p5 = 800, i.e. a heavier slow tail.
    "cerebras.tokens_per_s": { p50: 1500, p95: 2300 },
    "elevenlabs.connect": { p50: 80, p95: 150 },
    "elevenlabs.first_audio": { p50: 150, p95: 250 },
    "elevenlabs.realtime_factor": { p50: 5 },
    "workos.rest": { p50: 80, p95: 150 },
    "stripe.rest": { p50: 150, p95: 300 },
  },
  zero: {
    "cerebras.tokens_per_s": { p50: 1_000_000 },
    "elevenlabs.realtime_factor": { p50: 1_000 },
  },
};

export type ProfileName = keyof typeof PROFILES;

/** Standard normal by Box–Muller; `rand` is injectable so tests can be deterministic. */
function gaussian(rand: () => number): number {
  let u = 0;
  while (u === 0) u = rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function sampleDist(d: Dist, rand: () => number = Math.random): number {
  if (d.p50 <= 0) return 0;
  if (d.p95 === undefined || d.p95 === d.p50) return d.p50;
  const sigma = Math.log(d.p95 / d.p50) / 1.6448536;
  return Math.exp(Math.log(d.p50) + sigma * gaussian(rand));
}

export class Latency {
  name: string = "zero";
  private profile: Profile = PROFILES.zero;

  constructor(name: ProfileName = "zero") {
    this.use(name);
  }

  use(name: string, overrides: Profile = {}): void {
    const base = (PROFILES as Record<string, Profile>)[name];
    if (!base) throw new Error(`unknown latency profile "${name}" (known: ${Object.keys(PROFILES).join(", ")})`);
    this.name = name;
    this.profile = { ...base, ...overrides };
  }

  /** Override single stages on top of the current profile. */
  set(overrides: Profile): void {
    this.profile = { ...this.profile, ...overrides };
  }

  describe(): { name: string; stages: Profile } {
    return { name: this.name, stages: { ...this.profile } };
  }

  /** Milliseconds for a delay stage (0 when the profile has none). */
  ms(stage: Stage): number {
    const d = this.profile[stage];
    return d ? sampleDist(d) : 0;
  }

  /** A rate stage (tokens/s, realtime factor); `fallback` when the profile has none. */
  rate(stage: Stage, fallback: number): number {
    const d = this.profile[stage];
    return d ? Math.max(1e-6, sampleDist(d)) : fallback;
  }

  delay(stage: Stage, signal?: AbortSignal): Promise<void> {
    return sleep(this.ms(stage), signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
