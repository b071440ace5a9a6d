// The memory page in a browser: see what a companion remembers, correct it, delete it, add
// to it and have it all forgotten — each change visible in what the next call would use.
import { expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { loadMemoryContext } from "../../core/db/memories.ts";
import type { Stack } from "../helpers/stack.ts";
import { navigate, signInWithBrowser, useBrowserStack } from "./flow-helpers.ts";

let stack: Stack;
let browser: Browser;
useBrowserStack((s, b) => {
  stack = s;
  browser = b;
});

it("shows, edits, deletes, adds and forgets what a companion remembers", async () => {
  const page = await signInWithBrowser(browser, stack.appUrl, "memory-page@example.com", "Robin");
  page.on("dialog", (d) => void d.accept());
  const userId = (await stack.pool.query<{ id: string }>("select id from users where email = 'memory-page@example.com'")).rows[0].id;
  const ids = await stack.pool.query<{ id: string; text: string }>(
    `insert into memories (user_id, persona_id, kind, text, due_date) values ($1, 'sarah_001', 'follow_up', 'Caller has a big presentation on Friday', current_date + 3),
       ($1, 'sarah_001', 'preference', 'Caller loves hiking in the mountains', null) returning id, text`,
    [userId],
  );
  const item = (word: string) => page.locator(`li[data-memory="${ids.rows.find((r) => r.text.includes(word))!.id}"]`);

  await navigate(page, "Memory");
  await page.getByRole("link", { name: "Sarah" }).first().click();
  await page.getByRole("heading", { name: "What Sarah remembers" }).waitFor();
  const presentation = item("presentation");
  await expect(presentation.locator("textarea").inputValue()).resolves.toBe("Caller has a big presentation on Friday");

  // Correct one item.
  await presentation.locator("textarea").fill("Caller has a job interview on Thursday");
  await presentation.getByRole("button", { name: "Save" }).click();
  await page.getByText("Saved.").waitFor();
  // Refused with the reason when it breaks the rules.
  const interview = item("presentation");
  await interview.locator("textarea").fill("Call me at +1 900 555 0100");
  await interview.getByRole("button", { name: "Save" }).click();
  await page.getByText("Leave out phone numbers, links and email addresses.").first().waitFor();

  // Delete another.
  const hiking = item("hiking");
  await hiking.getByRole("button", { name: "Delete" }).click();
  await page.getByText("Deleted. It won't come up again.").waitFor();

  // Add one.
  await page.getByLabel("What to remember").last().fill("I'm learning the cello");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByText("Added.").waitFor();

  const ctx = await loadMemoryContext(stack.pool, userId, "sarah_001");
  expect(ctx.items.map((i) => i.text).sort()).toEqual(["Caller has a job interview on Thursday", "I'm learning the cello"]);

  // Forget everything.
  await page.getByRole("button", { name: "Forget everything" }).click();
  await page.getByText("Sarah has forgotten everything about you.").waitFor();
  expect((await loadMemoryContext(stack.pool, userId, "sarah_001")).items).toEqual([]);
  await page.getByRole("heading", { name: "Nothing remembered" }).waitFor();
});
