// The x-ratelimit-* headers Cerebras puts on every chat response: a daily request budget
// and a per-minute token budget, with resets in (fractional) seconds.

const REQUESTS_PER_DAY = 14_400;
const TOKENS_PER_MINUTE = 60_000;

export class RateLimitCounters {
  private day = "";
  private requests = 0;
  private minute = -1;
  private tokens = 0;

  count(tokens: number): void {
    this.roll();
    this.requests++;
    this.tokens += tokens;
  }

  headers(exhausted?: "requests" | "tokens"): Record<string, string> {
    this.roll();
    const now = Date.now();
    const dayEnd = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1);
    const minuteEnd = (Math.floor(now / 60_000) + 1) * 60_000;
    return {
      "x-ratelimit-limit-requests-day": String(REQUESTS_PER_DAY),
      "x-ratelimit-remaining-requests-day": String(exhausted === "requests" ? 0 : Math.max(0, REQUESTS_PER_DAY - this.requests)),
      "x-ratelimit-reset-requests-day": ((dayEnd - now) / 1000).toFixed(3),
      "x-ratelimit-limit-tokens-minute": String(TOKENS_PER_MINUTE),
      "x-ratelimit-remaining-tokens-minute": String(exhausted === "tokens" ? 0 : Math.max(0, TOKENS_PER_MINUTE - this.tokens)),
      "x-ratelimit-reset-tokens-minute": ((minuteEnd - now) / 1000).toFixed(3),
    };
  }

  private roll(): void {
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.requests = 0;
    }
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.tokens = 0;
    }
  }

  reset(): void {
    this.day = "";
    this.minute = -1;
  }
}
