// Nothing secret leaks: no response body, page or product log line carries a session cookie, a
// provider API key or signing secret, or another user's full phone number. User A signs in,
// confirms a number and takes a call (so the logs have a call in them); user B then walks every
// page and every GET route of the API, pointed at A's things and its own.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { HandsetClient } from "../../sim/handset/client.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { untilQuiet } from "../helpers/call-fixtures.ts";
import { captureLogs, type LogCapture } from "../helpers/log-capture.ts";
import { fetchOpenApi, fillPath, routes } from "../helpers/openapi-schema.ts";
import { startStack, type Stack } from "../helpers/stack.ts";
import { signInWithBrowser, silentMicFlag, STEP } from "./flow-helpers.ts";

let logs: LogCapture;
let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  logs = captureLogs();
  // The worker's own console lines too (the stack prints only warnings unless asked).
  process.env.STACK_LOG = "1";
  stack = await startStack({ web: true });
  browser = await launchBrowser(["--autoplay-policy=no-user-gesture-required", silentMicFlag()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  logs?.stop();
});

const A_NUMBER = "+14155550199";

/** Every text body the context's pages received (documents, API answers, scripts excluded). */
function recordResponses(context: BrowserContext, into: string[]): void {
  context.on("response", async (r) => {
    const type = r.headers()["content-type"] ?? "";
    if (!/json|html|text\/plain/.test(type)) return;
    try {
      into.push(`${r.url()}\n${await r.text()}`);
    } catch {
      /* redirects and aborted requests have no body */
    }
  });
}

async function sessionCookie(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === "cmb_session")!.value;
}

it("keeps session cookies, API keys and other users' numbers out of every answer, page and log line", async () => {
  // A: sign in, confirm a number, take a short call.
  const aBodies: string[] = [];
  const phone = await HandsetClient.connect(stack.sims.urls.twilio, A_NUMBER);
  const pageA = await signInWithBrowser(browser, stack.appUrl, "secret-a@example.com", "Ada");
  recordResponses(pageA.context(), aBodies);
  await pageA.goto(`${stack.appUrl}/numbers`);
  await pageA.getByLabel("Phone number").fill(A_NUMBER);
  const from = phone.events.length;
  await pageA.getByRole("button", { name: "Send me a code" }).click();
  const sms = await phone.waitFor("sms", STEP, { from });
  await pageA.getByLabel("Code from the SMS").fill(/(\d{4,10})/.exec(sms.body)![1]);
  await pageA.getByRole("button", { name: "Confirm" }).click();
  await pageA.getByText("Number confirmed.").waitFor();
  await pageA.goto(`${stack.appUrl}/call?persona=brad_001`);
  await pageA.getByRole("button", { name: "Call my phone" }).click();
  await pageA.waitForURL(/\/live$/);
  const callId = /\/calls\/([0-9a-f-]{36})\/live/.exec(pageA.url())![1];
  phone.answer((await phone.waitFor("incoming", STEP)).callSid);
  await phone.waitFor("heard", STEP);
  await untilQuiet(phone, 600, STEP);
  await phone.say("My number is private, keep it that way.");
  await phone.waitFor("heard", STEP);
  phone.hangup();
  await phone.waitFor("ended", STEP);
  await pageA.getByTestId("call-status").filter({ hasText: "Ended" }).waitFor();
  await phone.close();
  for (const p of ["/", "/numbers", "/calls", `/calls/${callId}`, "/settings", "/personas"]) {
    await pageA.goto(`${stack.appUrl}${p}`);
    aBodies.push(await pageA.content());
  }
  const personaA = (await stack.pool.query<{ id: string }>("insert into personas (id, owner_id, name, system_prompt, first_message, voice_id) select 'p_secret_a', id, 'Ada persona', 'p', 'f', 'EXAVITQu4vr4xnSDxMaL' from users where email = 'secret-a@example.com' returning id")).rows[0].id;
  const numberA = (await stack.pool.query<{ id: string }>("select id from phone_numbers where e164 = $1", [A_NUMBER])).rows[0].id;

  // B: every page, and every GET route pointed at A's things and B's own.
  const bBodies: string[] = [];
  const pageB = await signInWithBrowser(browser, stack.appUrl, "secret-b@example.com", "Bea");
  recordResponses(pageB.context(), bBodies);
  const pages = ["/", "/personas", "/personas/new", "/personas/brad_001", `/personas/${personaA}`, "/numbers", "/call", "/calls", `/calls/${callId}`, `/calls/${callId}/live`, "/settings", "/phone", "/billing", "/schedules", "/memory"];
  for (const p of pages) {
    await pageB.goto(`${stack.appUrl}${p}`);
    bBodies.push(await pageB.content());
  }
  const doc = await fetchOpenApi(stack.url);
  const cookieB = `cmb_session=${await sessionCookie(pageB)}`;
  const values = { id: callId, personaId: personaA, itemId: crypto.randomUUID(), sessionId: "cs_test_x", voiceId: "EXAVITQu4vr4xnSDxMaL" };
  for (const r of routes(doc).filter((x) => x.method === "GET")) {
    for (const id of [callId, numberA, personaA]) {
      const path = fillPath(r.path, { ...values, id });
      const res = await fetch(`${stack.appUrl}/api${path}`, { headers: { cookie: cookieB, origin: new URL(stack.appUrl).origin } });
      const type = res.headers.get("content-type") ?? "";
      const body = await res.text();
      bBodies.push(`${path}\n${type.includes("audio") ? "" : body}`);
    }
  }

  // What must never show up.
  const env = stack.env;
  const secrets: Record<string, string> = {
    "A's session cookie": await sessionCookie(pageA),
    "B's session cookie": await sessionCookie(pageB),
    TWILIO_AUTH_TOKEN: env.TWILIO_AUTH_TOKEN,
    DEEPGRAM_API_KEY: env.DEEPGRAM_API_KEY,
    CEREBRAS_API_KEY: env.CEREBRAS_API_KEY,
    ELEVENLABS_API_KEY: env.ELEVENLABS_API_KEY,
    WORKOS_API_KEY: env.WORKOS_API_KEY,
    WORKOS_COOKIE_PASSWORD: env.WORKOS_COOKIE_PASSWORD,
    STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET,
  };
  const find = (texts: string[], what: Record<string, string>) =>
    Object.entries(what).flatMap(([name, value]) => {
      const hit = texts.find((t) => t.includes(value));
      return hit ? [`${name} in ${hit.slice(0, 160).replace(/\s+/g, " ")}`] : [];
    });
  expect(bBodies.length).toBeGreaterThan(50);
  expect(find(aBodies, secrets)).toEqual([]);
  expect(find(bBodies, { ...secrets, "A's phone number": A_NUMBER, "A's phone number (national)": "4155550199", "A's phone number (formatted)": "(415) 555-0199" })).toEqual([]);
  // A's own pages do show A's own number (the check above is meaningful).
  expect(aBodies.some((t) => t.includes(A_NUMBER))).toBe(true);

  // Logs: the product's lines (the worker in workerd, the web server), not the simulators', and
  // not wrangler's start-up table of the bindings this harness passed as plain text (in
  // production they are secrets, which wrangler never prints).
  const product = logs.lines.filter((l) => !/^\s*\[sim(:|\])/.test(l) && !/^\s+at /.test(l) && !/^\s*env\.\w+ \(.*\)\s+Environment Variable/.test(l));
  // The worker's own lines are among them (a call was placed, warmed up and hung up).
  expect(product.some((l) => /\[call [0-9a-f]{8}\]/.test(l))).toBe(true);
  if (process.env.SHOW_PRODUCT_LOGS) console.info(product.join("\n"));
  expect(find(product, { ...secrets, "a phone number": A_NUMBER, "a phone number (national)": "4155550199" })).toEqual([]);
});
