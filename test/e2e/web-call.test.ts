// Talking to a persona in the browser: the softphone speaks the media-stream format to the
// CallSession; a typed sentence is sent with the audio (watermarked), gets a spoken reply, and
// both appear in the transcript. And in development the same softphone is the test phone: it
// rings for a call placed to your number, answers, hears the greeting and talks.
import { expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { waitUntil } from "../helpers/call-fixtures.ts";
import type { Stack } from "../helpers/stack.ts";
import { signInWithBrowser, silentMicFlag, STEP, useBrowserStack } from "./flow-helpers.ts";

let stack: Stack;
let browser: Browser;
useBrowserStack((s, b) => {
  stack = s;
  browser = b;
}, { flags: ["--autoplay-policy=no-user-gesture-required", silentMicFlag()] });

it("a typed sentence in a web call gets a spoken reply, and both are in the transcript", async () => {
  const page = await signInWithBrowser(browser, stack.appUrl, "webcall@example.com", "Sam");
  await page.goto(`${stack.appUrl}/call?persona=sarah_001`);
  await page.getByRole("button", { name: "Talk in the browser" }).click();
  await page.waitForURL(/\/calls\/[0-9a-f-]{36}\/live$/);
  const callId = /\/calls\/([0-9a-f-]{36})\/live/.exec(page.url())![1];

  await page.getByRole("status").filter({ hasText: "Connected" }).waitFor();
  await page.getByTestId("call-status").filter({ hasText: "In progress" }).waitFor();
  await page.locator('[data-speaker="agent"]').filter({ hasText: "Sarah" }).first().waitFor();

  const sentence = "I had a really long day at work today.";
  await page.getByLabel("Type what you say").fill(sentence);
  await page.getByRole("button", { name: "Say it" }).click();
  await page.locator('[data-speaker="caller"]').filter({ hasText: "long day at work" }).waitFor();
  // The reply is a turn of its own after the caller's.
  await waitUntil(async () => (await page.locator('[data-speaker="agent"]').count()) >= 2, STEP, "a spoken reply");

  await page.getByRole("button", { name: "Hang up" }).first().click();
  await page.getByTestId("call-status").filter({ hasText: "Ended" }).waitFor();
  const turns = await waitUntil(async () => {
    const r = await stack.pool.query<{ speaker: string; text: string }>("select speaker, text from call_turns where call_id = $1 order by seq", [callId]);
    return r.rows.length >= 3 ? r.rows : undefined;
  }, STEP, "turns to be stored");
  expect(turns.find((t) => t.speaker === "caller")?.text).toMatch(/long day at work/i);
  expect(turns.filter((t) => t.speaker === "agent").length).toBeGreaterThanOrEqual(2);
  // The web call sent real media: the recogniser got the audio the softphone produced.
  const usage = await stack.pool.query<{ quantity: number }>("select quantity::float8 as quantity from call_usage where call_id = $1 and provider = 'deepgram'", [callId]);
  expect(usage.rows[0]?.quantity ?? 0).toBeGreaterThan(1);
});

it("the test phone rings for a call to your number, answers, hears the greeting and talks", async () => {
  const page = await signInWithBrowser(browser, stack.appUrl, "testphone@example.com", "Kim");
  const me = await stack.pool.query<{ id: string }>("select id from users where email = 'testphone@example.com'");
  await stack.pool.query("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, '+14155550166', 'US', now())", [me.rows[0].id]);

  await page.goto(`${stack.appUrl}/phone`);
  await page.getByRole("button", { name: "Turn on the test phone" }).click();
  await page.getByTestId("phone-ready").waitFor();

  // Place the call from another tab, as a person would.
  const caller = await page.context().newPage();
  caller.setDefaultTimeout(STEP);
  await caller.goto(`${stack.appUrl}/call?persona=brad_001`);
  await caller.getByRole("button", { name: "Call my phone" }).click();
  await caller.waitForURL(/\/calls\/[0-9a-f-]{36}\/live$/);
  const callId = /\/calls\/([0-9a-f-]{36})\/live/.exec(caller.url())![1];

  await page.bringToFront();
  await page.getByRole("button", { name: "Answer" }).click();
  await page.locator('[data-kind="heard"]').filter({ hasText: "Brad" }).first().waitFor();
  await page.getByRole("status").filter({ hasText: "Connected" }).waitFor();

  await page.getByLabel("Type what you say").fill("I want to go running tomorrow morning.");
  await page.getByRole("button", { name: "Say it" }).click();
  await caller.locator('[data-speaker="caller"]').filter({ hasText: "running tomorrow" }).waitFor();
  await waitUntil(async () => (await page.locator('[data-kind="heard"]').count()) >= 2, STEP, "a reply heard on the test phone");

  await page.getByRole("button", { name: "Hang up" }).click();
  await caller.getByTestId("call-status").filter({ hasText: "Ended" }).waitFor();
  const row = await waitUntil(async () => {
    const r = await stack.pool.query<{ status: string }>("select status from calls where id = $1", [callId]);
    return r.rows[0]?.status === "completed" ? r.rows[0] : undefined;
  }, STEP, "the call to complete");
  expect(row.status).toBe("completed");
});
