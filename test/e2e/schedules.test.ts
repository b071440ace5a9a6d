// Scheduling in the app and by voice. A one-off two minutes ahead, entered in the editor (the
// next calls previewed as it is filled in), rings the simulated handset at that minute. And
// "call me tomorrow at 8" said in a web call creates a schedule the app then shows.
import { expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { HandsetClient } from "../../sim/handset/client.ts";
import { grantCredits, waitUntil } from "../helpers/call-fixtures.ts";
import type { Stack } from "../helpers/stack.ts";
import { daytimeZone, wallClock } from "../helpers/zones.ts";
import { hydrated, navigate, signInWithBrowser, silentMicFlag, STEP, useBrowserStack } from "./flow-helpers.ts";

let stack: Stack;
let browser: Browser;
useBrowserStack((s, b) => {
  stack = s;
  browser = b;
}, { flags: ["--autoplay-policy=no-user-gesture-required", silentMicFlag()] });

async function userWithNumber(email: string, e164: string, zone: string): Promise<string> {
  const id = (await stack.pool.query<{ id: string }>("select id from users where email = $1", [email])).rows[0].id;
  await stack.pool.query("update users set time_zone = $2 where id = $1", [id, zone]);
  await stack.pool.query("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, $2, 'US', now())", [id, e164]);
  await grantCredits(stack, id, 5_000);
  return id;
}

it(
  "a call scheduled two minutes ahead in the app rings the handset at that minute",
  async () => {
    const zone = daytimeZone();
    const page = await signInWithBrowser(browser, stack.appUrl, "planner@example.com", "Pat");
    const e164 = "+14155550181";
    await userWithNumber("planner@example.com", e164, zone);
    const phone = await HandsetClient.connect(stack.sims.urls.twilio, e164);

    await navigate(page, "Schedule");
    await page.getByRole("link", { name: "New schedule" }).first().click();
    await hydrated(page);
    const minute = Math.floor(Date.now() / 60_000) * 60_000 + 2 * 60_000;
    const at = wallClock(minute, zone);
    await page.getByLabel("Once").check();
    await page.getByRole("group", { name: "When" }).getByLabel(/^Time(?! zone)/).fill(at.time);
    await page.getByRole("group", { name: "When" }).getByLabel(/^Date/).fill(at.date);
    // The preview follows the form: the one call, at that time on the user's clock.
    const preview = page.getByTestId("schedule-preview");
    await preview.getByText(new RegExp(`${at.time}, ${zone.replace(/[+]/g, "\\+")}`)).waitFor();
    expect(await preview.locator("li").count()).toBe(1);
    await page.getByRole("button", { name: "Schedule it" }).click();
    await page.waitForURL(/\/schedules\?saved=1$/);
    await page.getByTestId("next-call").filter({ hasText: at.time }).waitFor();

    const incoming = await phone.waitFor("incoming", 3.5 * 60_000);
    expect(incoming.at).toBeGreaterThanOrEqual(minute);
    expect(incoming.at).toBeLessThan(minute + 60_000);
    console.log(`rang ${incoming.at - minute} ms after ${new Date(minute).toISOString()}`);
    phone.answer(incoming.callSid);
    await phone.waitFor("heard", STEP);
    phone.hangup();
    await phone.waitFor("ended", STEP);
    phone.close();
  },
  5 * 60_000,
);

it("saying “call me tomorrow at 8” in a web call adds a schedule the app shows", async () => {
  const zone = "Europe/London";
  const page = await signInWithBrowser(browser, stack.appUrl, "voiceplan@example.com", "Vic");
  await userWithNumber("voiceplan@example.com", "+14155550182", zone);
  await page.goto(`${stack.appUrl}/call?persona=sarah_001`);
  await page.getByRole("button", { name: "Talk in the browser" }).click();
  await page.waitForURL(/\/calls\/[0-9a-f-]{36}\/live$/);
  await page.getByRole("status").filter({ hasText: "Connected" }).waitFor();
  await page.locator('[data-speaker="agent"]').filter({ hasText: "Sarah" }).first().waitFor();
  const agentTurns = await page.locator('[data-speaker="agent"]').count();

  await page.getByLabel("Type what you say").fill("Call me tomorrow at 8.");
  await page.getByRole("button", { name: "Say it" }).click();
  await page.locator('[data-speaker="caller"]').filter({ hasText: "tomorrow at 8" }).waitFor();
  // The persona says what it did.
  await waitUntil(async () => (await page.locator('[data-speaker="agent"]').count()) > agentTurns, STEP, "the persona's confirmation");
  await page.getByRole("button", { name: "Hang up" }).first().click();

  const tomorrow = wallClock(Date.now() + 86_400_000, zone).date;
  const [, m, d] = tomorrow.split("-").map(Number);
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1];
  await page.goto(`${stack.appUrl}/schedules`);
  const card = page.locator("[data-schedule]").filter({ hasText: "by voice" });
  await card.getByText(new RegExp(`Once on \\w{3} ${d} ${month} at 08:00`)).waitFor();
  await card.getByTestId("next-call").filter({ hasText: "08:00, Europe/London" }).waitFor();
});
