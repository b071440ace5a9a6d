// Delivers events to the webhook endpoint like Stripe: a signed POST per event, retried with
// backoff on non-2xx or network errors (short, configurable backoff for local use), every
// attempt recorded with its answer. Scenario knobs: several copies per event (optionally at
// once), out-of-order batches, delays, hold-and-release, and re-sending.
import type { StripeEvent } from "./objects.ts";
import { signPayload } from "./signature.ts";

export interface WebhookSettings {
  url: string;
  secret: string;
  /** Event types the endpoint subscribes to; "*" for all. */
  enabledEvents: string[];
  maxAttempts: number;
  backoffMs: number;
  backoffFactor: number;
  maxBackoffMs: number;
  timeoutMs: number;
  /** Deliver each event this many times ... */
  copies: number;
  /** ... all at once rather than one after another. */
  concurrentCopies: boolean;
  /** Wait this long before the first attempt of each delivery. */
  delayMs: number;
  /** Queue deliveries until released. */
  hold: boolean;
  /** Gather events for windowMs, then deliver the batch reversed or shuffled. */
  batch: { windowMs: number; order: "reverse" | "shuffle" } | null;
}

export interface Attempt {
  deliveryId: number;
  eventId: string;
  type: string;
  attempt: number;
  at: number;
  url: string;
  signature: string;
  status?: number;
  error?: string;
  durationMs: number;
  response: string;
}

export interface Delivery {
  id: number;
  eventId: string;
  type: string;
  state: "held" | "pending" | "delivering" | "succeeded" | "failed";
  attempts: number;
}

export type ReleaseOrder = "fifo" | "reverse" | "shuffle";

export function orderEvents<T>(items: T[], order: ReleaseOrder): T[] {
  if (order === "reverse") return [...items].reverse();
  if (order === "fifo") return [...items];
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export class WebhookDispatcher {
  settings: WebhookSettings;
  readonly deliveries: Delivery[] = [];
  readonly attempts: Attempt[] = [];
  private held: Array<{ d: Delivery; event: StripeEvent }> = [];
  private batch: StripeEvent[] = [];
  private batchTimer?: NodeJS.Timeout;
  private timers = new Set<NodeJS.Timeout>();
  private inflight = new Set<AbortController>();
  private nextId = 1;
  /** Bumped by reset/close so that attempts already in flight schedule no retries. */
  private generation = 0;
  private readonly defaults: WebhookSettings;

  constructor(defaults: WebhookSettings) {
    this.defaults = defaults;
    this.settings = { ...defaults };
  }

  /** A new event from the store. */
  enqueue(event: StripeEvent): void {
    const s = this.settings;
    if (!s.url || !(s.enabledEvents.includes("*") || s.enabledEvents.includes(event.type))) return;
    if (s.batch) {
      this.batch.push(event);
      this.batchTimer ??= this.later(s.batch.windowMs, () => {
        const events = orderEvents(this.batch, s.batch?.order ?? "reverse");
        this.batch = [];
        this.batchTimer = undefined;
        // One after another, so the receiver sees exactly the order chosen.
        void events.reduce((prev: Promise<void>, e) => prev.then(() => this.fanOut(e)), Promise.resolve());
      });
      return;
    }
    void this.fanOut(event);
  }

  /** Deliver an event again (a fresh delivery, as the Dashboard's "Resend" does). */
  resend(event: StripeEvent): Delivery {
    const d = this.newDelivery(event);
    void this.start(d, event);
    return d;
  }

  release(order: ReleaseOrder = "fifo"): Delivery[] {
    const held = orderEvents(this.held, order);
    this.held = [];
    void held.reduce((prev: Promise<void>, h) => {
      h.d.state = "pending";
      return prev.then(() => this.start(h.d, h.event));
    }, Promise.resolve());
    return held.map((h) => h.d);
  }

  configure(patch: Partial<WebhookSettings>): WebhookSettings {
    this.settings = { ...this.settings, ...patch };
    return this.settings;
  }

  reset(): void {
    this.stopAll();
    this.settings = { ...this.defaults };
    this.deliveries.length = 0;
    this.attempts.length = 0;
    this.held = [];
    this.batch = [];
  }

  close(): void {
    this.stopAll();
  }

  private stopAll(): void {
    this.generation++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.batchTimer = undefined;
    for (const c of this.inflight) c.abort();
    this.inflight.clear();
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private newDelivery(event: StripeEvent): Delivery {
    const d: Delivery = { id: this.nextId++, eventId: event.id, type: event.type, state: "pending", attempts: 0 };
    this.deliveries.push(d);
    return d;
  }

  /** Resolves when the last copy's first attempt has been answered. */
  private fanOut(event: StripeEvent): Promise<void> {
    const copies = Math.max(1, this.settings.copies);
    let previous: Promise<void> = Promise.resolve();
    for (let i = 0; i < copies; i++) {
      const d = this.newDelivery(event);
      if (this.settings.hold) {
        d.state = "held";
        this.held.push({ d, event });
        continue;
      }
      if (this.settings.concurrentCopies || i === 0) previous = this.start(d, event);
      // Sequential copies: each starts once the previous copy's first attempt has its answer.
      else previous = previous.then(() => this.start(d, event));
    }
    return previous;
  }

  /** Resolves when the delivery's first attempt has been answered (retries run on their own). */
  private start(d: Delivery, event: StripeEvent): Promise<void> {
    const wait = this.settings.delayMs;
    if (wait <= 0) return this.attempt(d, event);
    return new Promise((resolve) => this.later(wait, () => void this.attempt(d, event).then(resolve)));
  }

  private async attempt(d: Delivery, event: StripeEvent): Promise<void> {
    const s = this.settings;
    const generation = this.generation;
    d.state = "delivering";
    d.attempts++;
    // Stripe pretty-prints webhook bodies; receivers must verify the raw bytes, not re-serialized JSON.
    const payload = JSON.stringify(event, null, 2);
    const signature = signPayload(payload, s.secret);
    const rec: Attempt = { deliveryId: d.id, eventId: event.id, type: event.type, attempt: d.attempts, at: Date.now(), url: s.url, signature, durationMs: 0, response: "" };
    this.attempts.push(rec);
    const ctrl = new AbortController();
    this.inflight.add(ctrl);
    const timer = setTimeout(() => ctrl.abort(new Error(`timed out after ${s.timeoutMs} ms`)), s.timeoutMs);
    try {
      const res = await fetch(s.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "cache-control": "no-cache",
          accept: "*/*; q=0.5, application/xml",
          "stripe-signature": signature,
        },
        body: payload,
        signal: ctrl.signal,
      });
      rec.status = res.status;
      rec.response = (await res.text()).slice(0, 1000);
    } catch (e) {
      rec.error = ctrl.signal.aborted && ctrl.signal.reason instanceof Error ? ctrl.signal.reason.message : String((e as Error).cause ?? (e as Error).message);
    } finally {
      clearTimeout(timer);
      this.inflight.delete(ctrl);
      rec.durationMs = Date.now() - rec.at;
    }
    if (rec.status !== undefined && rec.status >= 200 && rec.status < 300) {
      d.state = "succeeded";
      return;
    }
    if (d.attempts >= s.maxAttempts || generation !== this.generation) {
      d.state = "failed";
      return;
    }
    d.state = "pending";
    const backoff = Math.min(s.maxBackoffMs, s.backoffMs * s.backoffFactor ** (d.attempts - 1));
    this.later(backoff, () => void this.attempt(d, event));
  }
}
