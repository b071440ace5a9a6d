// The whole product through a browser: sign in with AuthKit → write a persona whose prompt has
// every awkward character → confirm a number with the SMS code from the simulated handset →
// call now (price first) → the handset answers and hears the greeting → the live page shows
// the transcript → hang up → the history shows the call, its transcript and its cost.
import { expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { HandsetClient } from "../../sim/handset/client.ts";
import { untilQuiet } from "../helpers/call-fixtures.ts";
import type { Stack } from "../helpers/stack.ts";
import { navigate, signInWithBrowser, STEP, useBrowserStack } from "./flow-helpers.ts";

let stack: Stack;
let browser: Browser;
useBrowserStack((s, b) => {
  stack = s;
  browser = b;
}, { flags: ["--autoplay-policy=no-user-gesture-required"] });

const PROMPT = `You are Quill! Say "hello" \\ use {braces} 😀 and greet in Hebrew: שלום`;
const GREETING = "Hey, it's Quill. Ready when you are!";
const E164 = "+14155550188";

it("signs in, writes a persona, confirms a number, calls, watches live, hangs up and reads the history", async () => {
  const phone = await HandsetClient.connect(stack.sims.urls.twilio, E164);
  try {
    const page = await signInWithBrowser(browser, stack.appUrl, "flow@example.com", "Robin");

    // A custom persona with every awkward character in its prompt.
    await navigate(page, "Personas");
    await page.getByRole("link", { name: "New persona" }).click();
    await page.getByLabel("Name").fill("Quill");
    await page.getByLabel("Tagline").fill("Sharp, kind, quick");
    await page.getByLabel("System prompt").fill(PROMPT);
    await page.getByLabel("First message").fill(GREETING);
    await page.getByLabel("Voice", { exact: true }).selectOption("21m00Tcm4TlvDq8ikWAM");
    await page.getByRole("button", { name: "Create persona" }).click();
    await page.getByText("Persona created.").waitFor();
    const stored = await stack.pool.query<{ id: string; system_prompt: string }>("select id, system_prompt from personas where name = 'Quill'");
    expect(stored.rows[0].system_prompt).toBe(PROMPT);
    await expect(page.getByLabel("System prompt").inputValue()).resolves.toBe(PROMPT);
    const personaId = stored.rows[0].id;

    // Confirm the number with the code texted to the handset.
    await page.goto(`${stack.appUrl}/numbers`);
    await page.getByLabel("Country").selectOption("US");
    await page.getByLabel("Phone number").fill("(415) 555-0188");
    const smsFrom = phone.events.length;
    await page.getByRole("button", { name: "Send me a code" }).click();
    await page.getByText("We texted you a code").waitFor();
    const sms = await phone.waitFor("sms", STEP, { from: smsFrom });
    const code = /(\d{4,10})/.exec(sms.body)![1];
    await page.getByLabel("Code from the SMS").fill(code);
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.getByText("Number confirmed.").waitFor();

    // Call now: the price is shown before the call.
    await page.goto(`${stack.appUrl}/call?persona=${personaId}`);
    await expect(page.getByTestId("price").textContent()).resolves.toBe("$4.99");
    await page.getByRole("button", { name: "Call my phone" }).click();
    await page.waitForURL(/\/calls\/[0-9a-f-]{36}\/live$/);
    const callId = /\/calls\/([0-9a-f-]{36})\/live/.exec(page.url())![1];

    const incoming = await phone.waitFor("incoming", STEP);
    await page.getByTestId("call-status").filter({ hasText: /Ringing|Dialling|Queued/ }).waitFor();
    phone.answer(incoming.callSid);
    const greeting = await phone.waitFor("heard", STEP);
    expect(greeting.text).toBe(GREETING);
    await page.getByTestId("call-status").filter({ hasText: "In progress" }).waitFor();
    await page.locator('[data-speaker="agent"]').filter({ hasText: "Ready when you are" }).first().waitFor();

    await untilQuiet(phone, 600, STEP);
    await phone.say("I want to write a short story this week.");
    await page.locator('[data-speaker="caller"]').filter({ hasText: "short story this week" }).waitFor();
    const reply = await phone.waitFor("heard", STEP);
    expect(reply.text.length).toBeGreaterThan(3);

    await page.getByRole("button", { name: "Hang up" }).click();
    await phone.waitFor("ended", STEP);
    await page.getByTestId("call-status").filter({ hasText: /Ended/ }).waitFor();

    // History: the call with its transcript and its cost.
    await navigate(page, "Calls");
    const row = page.getByRole("row").filter({ hasText: "Quill" });
    await row.waitFor();
    await row.getByRole("link", { name: "Quill" }).click();
    await page.waitForURL(`${stack.appUrl}/calls/${callId}`);
    await page.locator('[data-speaker="agent"]').filter({ hasText: GREETING }).waitFor();
    await page.locator('[data-speaker="caller"]').filter({ hasText: "short story this week" }).waitFor();
    await expect(page.getByTestId("credits").textContent()).resolves.toBe("$4.99");
    await page.locator('[data-provider="elevenlabs"]').waitFor();
    await expect(page.getByTestId("cost-total").textContent()).resolves.toMatch(/^\$0\.\d+/);
  } finally {
    await phone.close();
  }
});
