// Call now never places two calls for one intent: a double click is one call, and a form
// submitted twice (no JavaScript, a resubmit) carries the same Idempotency-Key and lands on the
// same call. The price is shown before the call, and too few credits say so.
import { expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { grantCredits } from "../helpers/call-fixtures.ts";
import type { Stack } from "../helpers/stack.ts";
import { hydrated, signInWithBrowser, useBrowserStack } from "./flow-helpers.ts";

let stack: Stack;
let browser: Browser;
useBrowserStack((s, b) => {
  stack = s;
  browser = b;
});

async function userWithNumber(email: string, e164: string): Promise<string> {
  const id = (await stack.pool.query<{ id: string }>("select id from users where email = $1", [email])).rows[0].id;
  await stack.pool.query("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, $2, 'US', now())", [id, e164]);
  return id;
}

const callsOf = async (userId: string) => (await stack.pool.query<{ id: string }>("select id from calls where user_id = $1", [userId])).rows;

it("a double click on Call my phone places one call", async () => {
  const page = await signInWithBrowser(browser, stack.appUrl, "double@example.com", "Dee");
  const userId = await userWithNumber("double@example.com", "+14155550171");
  await page.goto(`${stack.appUrl}/call`);
  await hydrated(page);
  await page.getByRole("button", { name: "Call my phone" }).dblclick();
  await page.waitForURL(/\/calls\/[0-9a-f-]{36}\/live$/);
  await new Promise((r) => setTimeout(r, 1500));
  expect(await callsOf(userId)).toHaveLength(1);
});

it("the same form submitted twice is the same call; the price shows first; short credits say so", async () => {
  const page = await signInWithBrowser(browser, stack.appUrl, "twice@example.com", "Tom");
  const userId = await userWithNumber("twice@example.com", "+14155550172");
  await page.goto(`${stack.appUrl}/call`);
  await hydrated(page);
  // 15 minutes costs more than the free first call: the page says so before anything happens.
  await page.getByLabel(/15 min/).check();
  await expect(page.getByTestId("price").textContent()).resolves.toBe("$10.99");
  await page.getByText("Not enough credits").waitFor();
  await page.getByRole("button", { name: "Call my phone" }).click();
  await page.getByRole("alert").filter({ hasText: "This call costs $10.99" }).waitFor();
  expect(await callsOf(userId)).toHaveLength(0);

  // The form as a browser without JavaScript posts it, twice, with the key the page was given.
  await grantCredits(stack, userId, 5000);
  await page.goto(`${stack.appUrl}/call`);
  const form = page.locator("form.callform");
  const fields = await form.evaluate((f: HTMLFormElement) => Object.fromEntries(new FormData(f) as unknown as Iterable<[string, string]>));
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const post = () =>
    fetch(`${stack.appUrl}/call?/phone`, { method: "POST", redirect: "manual", headers: { cookie, origin: stack.appUrl, accept: "text/html", "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
  const [one, two] = [await post(), await post()];
  expect(one.status).toBe(303);
  expect(two.headers.get("location")).toBe(one.headers.get("location"));
  expect(await callsOf(userId)).toHaveLength(1);
});
