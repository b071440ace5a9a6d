// Idempotency-Key semantics (UNCONFIRMED details, providers.md §6): the same key with the same
// parameters replays the stored answer with `Idempotent-Replayed: true`; the same key with
// different parameters is a 400 idempotency_error; a key still in flight is a 409. Server
// errors are not stored, so a retry after a 5xx runs again, as stripe-node expects.

export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
}

const TTL_MS = 24 * 3600 * 1000;

export class IdempotencyStore {
  private answers = new Map<string, StoredAnswer & { at: number }>();
  private inflight = new Set<string>();

  lookup(key: string, fingerprint: string): { kind: "new" } | { kind: "replay"; answer: StoredAnswer } | { kind: "mismatch" } | { kind: "busy" } {
    if (this.inflight.has(key)) return { kind: "busy" };
    const a = this.answers.get(key);
    if (!a || Date.now() - a.at > TTL_MS) return { kind: "new" };
    return a.fingerprint === fingerprint ? { kind: "replay", answer: a } : { kind: "mismatch" };
  }

  begin(key: string): void {
    this.inflight.add(key);
  }

  finish(key: string, answer: StoredAnswer): void {
    this.inflight.delete(key);
    if (answer.status < 500) this.answers.set(key, { ...answer, at: Date.now() });
  }

  reset(): void {
    this.answers.clear();
    this.inflight.clear();
  }
}
