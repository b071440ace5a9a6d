// The price list and the money rules: pure, from core/pricing.ts and core/billing.
import { describe, expect, it } from "vitest";
import { creditsFor } from "../../../core/billing/payment-credits.ts";
import { moneyRules } from "../../../core/billing/rules.ts";
import { callPriceCents, callPriceList, EXTENSION, formatCents, PRODUCTS, stripeFeeCents, WELCOME_GRANT_CENTS } from "../../../core/pricing.ts";

describe("pricing", () => {
  it("prices calls by length, or by connection fee + minutes when the operator switches", () => {
    expect(callPriceList("per_call")).toEqual([
      { lengthSeconds: 180, cents: 399 },
      { lengthSeconds: 300, cents: 499 },
      { lengthSeconds: 600, cents: 799 },
      { lengthSeconds: 900, cents: 1099 },
    ]);
    expect(callPriceCents(300, "per_minute")).toBe(25 + 5 * 40);
    expect(callPriceCents(900, "per_minute")).toBe(25 + 15 * 40);
    expect(EXTENSION).toEqual({ seconds: 300, cents: 299 });
  });

  it("never sells less credit than the money paid, and makes the first 5-minute call free", () => {
    for (const p of Object.values(PRODUCTS)) expect(p.credits, p.id).toBeGreaterThanOrEqual(p.priceCents);
    expect(WELCOME_GRANT_CENTS).toBe(callPriceCents(300));
  });

  it("formats money exactly, negative amounts with a minus sign", () => {
    expect(formatCents(2499)).toBe("$24.99");
    expect(formatCents(-2495)).toBe("−$24.95");
    expect(formatCents(0)).toBe("$0.00");
  });

  it("charges Stripe's 3.4% + 30¢, rounded up", () => {
    expect(stripeFeeCents(2499)).toBe(Math.ceil(2499 * 0.034 + 30));
    expect(stripeFeeCents(0)).toBe(30);
  });
});

describe("credits taken back for a refund or dispute", () => {
  const plan = { credits: 4990, amountCents: 2999 };
  it("is proportional to the money returned, all of it for all of it, never more", () => {
    expect(creditsFor(plan, 2999)).toBe(4990);
    expect(creditsFor(plan, 5000)).toBe(4990);
    expect(creditsFor(plan, 1000)).toBe(Math.round((4990 * 1000) / 2999));
    expect(creditsFor(plan, 0)).toBe(0);
    expect(creditsFor({ credits: 100, amountCents: 0 }, 10)).toBe(0);
  });

  it("adds up across partial refunds to what one refund of the total would take", () => {
    // Taken back as cumulative targets: the second refund tops up to the new total.
    const first = creditsFor(plan, 1000);
    const second = creditsFor(plan, 1499) - first;
    expect(first + second).toBe(creditsFor(plan, 1499));
  });
});

describe("money rules", () => {
  it("state the numbers the code uses, for either model", () => {
    const text = moneyRules("per_call").map((r) => r.text).join(" ");
    expect(text).toContain(formatCents(EXTENSION.cents));
    expect(text).toContain(formatCents(WELCOME_GRANT_CENTS));
    expect(text).toMatch(/nothing is charged/);
    expect(text).toMatch(/ends early .* full price/);
    expect(text).toMatch(/below zero, calls .* blocked/);
    expect(moneyRules("per_minute").find((r) => r.id === "reserve")?.text).toContain("$0.25 to connect plus $0.40 a minute");
    expect(new Set(moneyRules("per_call").map((r) => r.id)).size).toBe(7);
  });
});
