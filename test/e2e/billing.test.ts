// Money in the browser: buy the starter pack through the simulated Stripe Checkout page and see
// the balance change; add five minutes from the live page; then, as the operator, see the
// call's cost breakdown and the daily chart.
import { expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { EXTENSION, PER_CALL_CENTS, PRODUCTS, WELCOME_GRANT_CENTS, formatCents } from "../../core/pricing.ts";
import { answeredCall, callerWithPhone, grantCredits, sayAndHear, settledCall, untilQuiet } from "../helpers/call-fixtures.ts";
import type { Stack } from "../helpers/stack.ts";
import { navigate, signInWithBrowser, useBrowserStack } from "./flow-helpers.ts";

const OPERATOR = "ops@example.com";

let stack: Stack;
let browser: Browser;
useBrowserStack((s, b) => {
  stack = s;
  browser = b;
}, { env: { ADMIN_EMAILS: OPERATOR } });

it("buys the starter pack through Stripe Checkout and sees the balance change", async () => {
  const page = await signInWithBrowser(browser, stack.appUrl, "buyer@example.com", "Bea");
  await navigate(page, "Billing");
  await expect(page.getByTestId("balance").textContent()).resolves.toBe(formatCents(WELCOME_GRANT_CENTS));
  await expect(page.getByTestId("money-rules").textContent()).resolves.toMatch(/nothing is charged/);

  await page.getByRole("form", { name: "Buy Starter pack" }).getByRole("button", { name: "Buy" }).click();
  await page.waitForURL(`${stack.sims.urls.stripe}/c/pay/**`);
  await expect(page.getByRole("table", { name: "Order summary" }).textContent()).resolves.toContain(formatCents(PRODUCTS.pack.priceCents));
  await page.getByLabel("Name on card").fill("Bea Buyer");
  await page.getByRole("button", { name: "Pay" }).click();

  await page.waitForURL(`${stack.appUrl}/billing/success?session_id=**`);
  await page.getByRole("heading", { name: "Thank you!" }).waitFor();
  const after = formatCents(WELCOME_GRANT_CENTS + PRODUCTS.pack.credits);
  await expect(page.getByTestId("balance").textContent()).resolves.toBe(after);

  await navigate(page, "Billing");
  await expect(page.getByTestId("balance").textContent()).resolves.toBe(after);
  const purchase = page.locator("tr[data-kind=purchase]");
  await expect(purchase.textContent()).resolves.toMatch(/Starter pack/);
  await expect(purchase.textContent()).resolves.toContain(`+${formatCents(PRODUCTS.pack.credits)}`);
  await page.context().close();
});

it("adds five minutes from the live page once; the operator sees the call's cost breakdown and the daily chart; nobody else sees that page", async () => {
  // A real 3-minute call; more time is offered in its last 150 s.
  const c = await callerWithPhone(stack, "caller-ops@example.com");
  await grantCredits(stack, c.userId, 2000);
  const call = await answeredCall(stack, c, { personaId: "sarah_001", lengthSeconds: 180 });
  const live = await signInWithBrowser(browser, stack.appUrl, "caller-ops@example.com", "Test Person");
  await live.goto(`${stack.appUrl}/calls/${call.id}/live`);
  await expect(live.getByTestId("early-end-rule").textContent()).resolves.toMatch(/full price/);
  const extend = live.getByRole("button", { name: `+5 minutes for ${formatCents(EXTENSION.cents)}` });
  await extend.waitFor({ timeout: 60_000 });
  await extend.click();
  await live.getByText("Done: five more minutes were added to the call.").waitFor();
  await live.context().close();
  await sayAndHear(c.phone, "Today was long but I got a lot done.");
  await untilQuiet(c.phone);
  c.phone.hangup();
  await settledCall(c, call.id);
  await c.phone.close();
  const charged = PER_CALL_CENTS[180] + EXTENSION.cents;
  const extensions = await stack.pool.query("select 1 from credit_entries where call_id = $1 and kind = 'capture' and amount = $2", [call.id, -EXTENSION.cents]);
  expect(extensions.rows).toHaveLength(1);

  const outsider = await signInWithBrowser(browser, stack.appUrl, "nosy@example.com", "Nosy");
  expect(await outsider.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operator" }).count()).toBe(0);
  expect((await outsider.goto(`${stack.appUrl}/admin`))?.status()).toBe(404);
  expect((await outsider.goto(`${stack.appUrl}/admin/calls/${call.id}`))?.status()).toBe(404);
  await outsider.context().close();

  const page = await signInWithBrowser(browser, stack.appUrl, OPERATOR, "Olive");
  await navigate(page, "Operator");
  const chart = page.getByTestId("daily-chart");
  await chart.waitFor();
  const today = new Date().toISOString().slice(0, 10);
  const bar = chart.locator(`rect.charged[data-day="${today}"]`);
  expect(Number(await bar.getAttribute("height"))).toBeGreaterThan(0);
  await expect(page.getByTestId("totals").textContent()).resolves.toContain(formatCents(charged));

  await page.getByRole("table", { name: "Recent calls" }).getByRole("link", { name: "Sarah" }).first().click();
  await page.waitForURL(`${stack.appUrl}/admin/calls/${call.id}`);
  await expect(page.getByTestId("charged").textContent()).resolves.toBe(formatCents(charged));
  const breakdown = page.getByTestId("cost-breakdown");
  for (const provider of ["twilio", "deepgram", "cerebras", "elevenlabs"]) await breakdown.locator(`tr[data-provider=${provider}]`).first().waitFor();
  const margin = await page.getByTestId("margin").textContent();
  expect(margin).toMatch(/^\$6\.\d\d$/); // $6.98 charged, well under a dollar of provider cost
  await page.context().close();
});
