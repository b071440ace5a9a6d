// Writes a call's turns to Postgres in batches, off the audio path: the conversation hands
// turns over and moves on; a flush runs at most every couple of seconds and at the end.
import { upsertTurns, type TurnRow } from "../../core/db/call-records.ts";
import type { Pool } from "../../core/db/pool.ts";
import type { TurnRecord } from "./ports.ts";
import { cancel } from "./timers.ts";

const FLUSH_DELAY_MS = 1500;

export class TurnWriter {
  private pending: TurnRow[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private flushing?: Promise<void>;
  private readonly db: () => Pool;
  private readonly callId: string;
  private readonly log: (m: string) => void;

  constructor(db: () => Pool, callId: string, log: (m: string) => void) {
    this.db = db;
    this.callId = callId;
    this.log = log;
  }

  add(t: TurnRecord): void {
    const iso = (ms: number) => new Date(ms).toISOString();
    const int = (v?: number) => (v === undefined || !Number.isFinite(v) ? null : Math.round(v));
    this.pending.push({
      seq: t.seq,
      speaker: t.speaker,
      text: t.text,
      heardText: t.heardText,
      interrupted: t.interrupted,
      startedAt: iso(t.startedAt),
      endedAt: iso(t.endedAt),
      sttFinalMs: int(t.sttFinalMs),
      llmFirstTokenMs: int(t.llmFirstTokenMs),
      ttsFirstAudioMs: int(t.ttsFirstAudioMs),
      overheadMs: t.overheadMs === undefined ? null : Math.round(t.overheadMs * 1000) / 1000,
      mouthToEarMs: int(t.mouthToEarMs),
    });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_DELAY_MS);
  }

  async flush(): Promise<void> {
    cancel(this.timer);
    this.timer = undefined;
    await this.flushing;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = upsertTurns(this.db(), this.callId, batch).catch((e: unknown) => {
      this.log(`turn write failed, will retry: ${(e as Error).message}`);
      this.pending.unshift(...batch);
    });
    await this.flushing;
    this.flushing = undefined;
  }
}
