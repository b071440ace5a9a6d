// Settings and the app's forms as people use them: the time zone detected from the browser,
// forms that work without JavaScript, cross-site posts to the app's own form actions refused,
// and deleting the account from the settings page.
import { expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { Stack } from "../helpers/stack.ts";
import { navigate, signInWithBrowser, STEP, useBrowserStack } from "./flow-helpers.ts";

let stack: Stack;
let browser: Browser;
useBrowserStack((s, b) => {
  stack = s;
  browser = b;
});

it("detects the browser's time zone, saves settings, and refuses a cross-site post to a form action", async () => {
  const page = await signInWithBrowser(browser, stack.appUrl, "settings@example.com", "Tess");
  // A second context in Berlin with the same session, to see the time zone detected.
  const cookies = await page.context().cookies();
  const berlin = await browser.newContext({ timezoneId: "Europe/Berlin", viewport: { width: 1200, height: 900 } });
  await berlin.addCookies(cookies);
  const p = await berlin.newPage();
  p.setDefaultTimeout(STEP);
  await p.goto(`${stack.appUrl}/settings`);
  await p.getByRole("button", { name: "Use Europe/Berlin" }).click();
  await expect(p.getByLabel("Time zone").inputValue()).resolves.toBe("Europe/Berlin");
  await p.getByLabel("Name").fill(`Tess "T!" \\ {x} 😀 שלום`);
  await p.getByRole("button", { name: "Save", exact: true }).click();
  await p.getByText("Saved.").waitFor();
  const row = await stack.pool.query<{ name: string; time_zone: string }>("select name, time_zone from users where email = 'settings@example.com'");
  expect(row.rows[0]).toEqual({ name: `Tess "T!" \\ {x} 😀 שלום`, time_zone: "Europe/Berlin" });
  await p.getByLabel("Time zone").fill("Mars/Olympus_Mons");
  await p.getByRole("button", { name: "Save", exact: true }).click();
  await p.getByText("unknown IANA time zone").first().waitFor();

  // A foreign site posting the settings form with the cookie: SvelteKit refuses it.
  const session = cookies.find((c) => c.name === "cmb_session")!;
  const forged = await fetch(`${stack.appUrl}/settings?/save`, {
    method: "POST",
    headers: { cookie: `cmb_session=${session.value}`, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name: "pwned", timeZone: "UTC" }),
  });
  expect(forged.status).toBe(403);
  // Without any Origin (not what a browser sends with a form) it is refused as well.
  const bare = await fetch(`${stack.appUrl}/settings?/save`, { method: "POST", headers: { cookie: `cmb_session=${session.value}`, "content-type": "text/plain" }, body: "name=pwned" });
  expect(bare.status).toBe(403);
  expect((await stack.pool.query<{ name: string }>("select name from users where email = 'settings@example.com'")).rows[0].name).not.toBe("pwned");
  await berlin.close();
});

it("works without JavaScript: create a persona, star it, confirm-free navigation", async () => {
  const page = await signInWithBrowser(browser, stack.appUrl, "nojs@example.com", "Noah");
  const cookies = await page.context().cookies();
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  await plain.addCookies(cookies);
  const p = await plain.newPage();
  p.setDefaultTimeout(STEP);
  await p.goto(`${stack.appUrl}/personas/new`);
  await p.getByLabel("Name").fill("Plain Jane");
  await p.getByLabel("System prompt").fill("Line one!\nLine \"two\" \\ {three}");
  await p.getByLabel("First message").fill("Hello there!");
  await p.getByRole("button", { name: "Create persona" }).click();
  await p.getByText("Persona created.").waitFor();
  const stored = await stack.pool.query<{ id: string; system_prompt: string }>("select id, system_prompt from personas where name = 'Plain Jane'");
  // A textarea submits CRLF line breaks; the app stores what was typed.
  expect(stored.rows[0].system_prompt).toBe("Line one!\nLine \"two\" \\ {three}");
  await p.goto(`${stack.appUrl}/personas`);
  await p.getByRole("button", { name: "Add Plain Jane to favourites" }).click();
  await p.getByRole("button", { name: "Remove Plain Jane from favourites" }).waitFor();
  // The phone-sized menu is a <details>: it opens without JavaScript.
  await p.getByText("Menu", { exact: true }).click();
  await p.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calls", exact: true }).click();
  await p.getByRole("heading", { name: "Calls", exact: true }).waitFor();
  await plain.close();
});

it("deletes the account from the settings page and signs out", async () => {
  const page = await signInWithBrowser(browser, stack.appUrl, "bye@example.com", "Bea");
  await navigate(page, "Settings");
  page.on("dialog", (d) => void d.accept());
  await page.getByLabel("Type DELETE to confirm").fill("DELETE");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await page.waitForURL(`${stack.appUrl}/?deleted=1`);
  await page.getByRole("link", { name: "Sign in" }).first().waitFor();
  expect((await stack.pool.query("select 1 from users where email = 'bye@example.com'")).rowCount).toBe(0);
  expect((await page.context().cookies()).find((c) => c.name === "cmb_session")).toBeUndefined();
  await page.goto(`${stack.appUrl}/settings`);
  await page.waitForURL(/\/sign-in|\/api\/auth\/login|user_management/);
});
