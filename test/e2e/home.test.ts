import { expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { Stack } from "../helpers/stack.ts";
import { useBrowserStack } from "./flow-helpers.ts";

let stack: Stack;
let browser: Browser;
useBrowserStack((s, b) => {
  stack = s;
  browser = b;
});

it("renders the home page and reaches the API through the same origin", async () => {
  const page = await browser.newPage();
  await page.goto(stack.appUrl);
  await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/AI companion that calls you/);
  const health = await page.evaluate(async () => (await fetch("/api/health")).json());
  expect(health).toEqual({ ok: true, db: "ok" });
});
