// Shared steps for the browser tests: sign in through the AuthKit page like a person does.
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { startStack, type Stack } from "../helpers/stack.ts";
import { pcm16ToWav } from "../../core/audio/wav.ts";

export const STEP = 30_000;

export async function signInWithBrowser(browser: Browser, appUrl: string, email: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 420, height: 900 }, permissions: ["microphone"] });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  await page.goto(appUrl);
  await page.getByRole("link", { name: "Sign in" }).first().click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(`${appUrl}/`);
  await page.getByRole("heading", { name: new RegExp(`Hi, ${name}`) }).waitFor();
  return page;
}

/** Wait until the page's JavaScript has taken over (before using controls that need it). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Open the phone-sized menu when it is collapsed, then follow a main navigation link. */
export async function navigate(page: Page, label: string): Promise<void> {
  const menu = page.getByText("Menu", { exact: true });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true }).click();
}

/**
 * A silent WAV for Chromium's fake microphone (--use-file-for-fake-audio-capture). The default
 * fake device beeps every second, and a beep is speech to the recogniser: it would barge in on
 * every reply. A quiet room is what these tests need.
 */
export function silentMicFlag(): string {
  const path = join(tmpdir(), "cmb-silent-mic.wav");
  if (!existsSync(path)) writeFileSync(path, pcm16ToWav(new Uint8Array(48_000 * 2 * 2), 48_000));
  return `--use-file-for-fake-audio-capture=${path}`;
}

/**
 * The whole product with its web app, and a Chromium, for one test file: started before its
 * tests, stopped after them. `ready` receives both (module-level `let`s in the file).
 */
export function useBrowserStack(ready: (stack: Stack, browser: Browser) => void, opts: { env?: Record<string, string>; flags?: string[] } = {}): void {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    stack = await startStack({ web: true, env: opts.env });
    browser = await launchBrowser(opts.flags);
    ready(stack, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
}
