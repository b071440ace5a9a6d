// The price list, in one place (../shared/docs/product.md). Money is integer US cents; the
// app shows it as dollars. "Credits" are cents of value in the ledger.

export type CallLengthSeconds = 180 | 300 | 600 | 900;
export const CALL_LENGTHS: readonly CallLengthSeconds[] = [180, 300, 600, 900];
export const DEFAULT_CALL_LENGTH: CallLengthSeconds = 300;

export type PricingModel = "per_call" | "per_minute";

/** Per-call prices by length (the launch model). */
export const PER_CALL_CENTS: Record<CallLengthSeconds, number> = { 180: 399, 300: 499, 600: 799, 900: 1099 };

/** The operator's alternative: a connection fee plus a price per minute. */
export const PER_MINUTE = { connectionCents: 25, perMinuteCents: 40 } as const;

/** +5 minutes offered about a minute before the end. */
export const EXTENSION = { seconds: 300, cents: 299 } as const;

/** The first call is free: new accounts get credits for one default-length call. */
export const WELCOME_GRANT_CENTS = PER_CALL_CENTS[DEFAULT_CALL_LENGTH];

export type ProductId = "single" | "pack" | "plan";

export interface Product {
  id: ProductId;
  name: string;
  description: string;
  priceCents: number;
  /** Credits granted when paid (for the plan: every billing period). */
  credits: number;
  mode: "payment" | "subscription";
}

// Never less credit than money paid: the pack's $24.99 buys $24.99 of credit (five 5-minute
// calls and 4¢ over); the plan's $29.99 buys ten 5-minute calls' worth every month.
export const PRODUCTS: Record<ProductId, Product> = {
  single: { id: "single", name: "One call", description: "One 5-minute call", priceCents: 499, credits: 499, mode: "payment" },
  pack: { id: "pack", name: "Starter pack", description: "Five 5-minute calls", priceCents: 2499, credits: 2499, mode: "payment" },
  plan: { id: "plan", name: "Monthly plan", description: "Up to ten 5-minute calls a month", priceCents: 2999, credits: 10 * 499, mode: "subscription" },
};

export function callPriceCents(lengthSeconds: CallLengthSeconds, model: PricingModel = "per_call"): number {
  if (model === "per_minute") return PER_MINUTE.connectionCents + PER_MINUTE.perMinuteCents * Math.ceil(lengthSeconds / 60);
  return PER_CALL_CENTS[lengthSeconds];
}

export interface CallPrice {
  lengthSeconds: CallLengthSeconds;
  cents: number;
}

/** What each call length costs under a model: what the app shows before every call. */
export function callPriceList(model: PricingModel): CallPrice[] {
  return CALL_LENGTHS.map((lengthSeconds) => ({ lengthSeconds, cents: callPriceCents(lengthSeconds, model) }));
}

export function isCallLength(n: number): n is CallLengthSeconds {
  return (CALL_LENGTHS as readonly number[]).includes(n);
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? "−" : "";
  return `${sign}$${(Math.abs(cents) / 100).toFixed(2)}`;
}

/** What providers charge us (../shared/docs/product.md), in micro-dollars per unit. */
export const UNIT_COSTS_MICROUSD = {
  twilio: { second: 14_000 / 60 }, // $0.014 per minute
  deepgram: { audio_second: 5_900 / 60 }, // $0.0059 per minute of audio
  cerebras: { prompt_token: 0.1, completion_token: 0.1 }, // $0.10 per 1M tokens
  elevenlabs: { character: 150 }, // $0.15 per 1K characters
} as const;

/** Stripe's fee per payment: 3.4% + $0.30. */
export const STRIPE_FEE = { rate: 0.034, fixedCents: 30 } as const;

/** Stripe's fee for a payment of `cents`, in cents (rounded up). */
export function stripeFeeCents(cents: number): number {
  return Math.ceil(cents * STRIPE_FEE.rate + STRIPE_FEE.fixedCents);
}
