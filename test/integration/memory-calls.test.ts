// Memory across calls through the real worker, Durable Object and simulators: what the caller
// says in one call is summarised after it, and the next call's persona follows up on it; an
// item corrected on the memory API is what the next call uses, and a deleted one is gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answeredCall, callerWithPhone, grantCredits, sayAndHear, settledCall, untilQuiet, waitUntil, seen, type Caller } from "../helpers/call-fixtures.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
let c: Caller;
beforeAll(async () => {
  stack = await startStack();
  c = await callerWithPhone(stack, "memory@example.com");
  await grantCredits(stack, c.userId, 10_000);
});
afterAll(() => stack?.close());

interface ChatBody {
  stream?: boolean;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string } };
}

/** Every chat request the Cerebras simulator received, in order. */
async function chatRequests(): Promise<ChatBody[]> {
  const r = await fetch(`${stack.sims.urls.control}/cerebras/requests`);
  const list = (await r.json()) as Array<{ path: string; body: string }>;
  return list.filter((x) => x.path.startsWith("/v1/chat/completions")).map((x) => JSON.parse(x.body) as ChatBody);
}

interface MemoryPage {
  summaries: Array<{ callId: string; summary: string }>;
  items: Array<{ id: string; kind: string; text: string; dueDate: string | null; sourceCallId: string | null }>;
}

/** The call is over and its summary stored (the after-call work runs in the background). */
async function summarised(callId: string): Promise<void> {
  await waitUntil(async () => seen((await stack.pool.query("select 1 from call_summaries where call_id = $1", [callId])).rowCount), 30_000, `the summary of ${callId}`);
}

/** Say something and gather everything the persona said back until it goes quiet. */
async function sayAndHearAll(text: string): Promise<string> {
  const said = await c.phone.say(text);
  await c.phone.waitFor((e) => e.type === "heard" && e.at > said.endAt, 20_000);
  await untilQuiet(c.phone);
  return c.phone.heard.filter((e) => e.at > said.endAt).map((e) => e.text).join(" ");
}

/** The day a weekday names, said on `ref` (a day already under way means the next one). */
function next(weekday: number, ref: Date): string {
  const d = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth(), ref.getUTCDate()));
  const ahead = (weekday - d.getUTCDay() + 7) % 7 || 7;
  d.setUTCDate(d.getUTCDate() + ahead);
  return d.toISOString().slice(0, 10);
}

describe("memory across calls", () => {
  it("follows up in the second call on the plan mentioned in the first", { timeout: 180_000 }, async () => {
    const first = await answeredCall(stack, c);
    const callDay = new Date(); // the user's zone is UTC
    await sayAndHear(c.phone, "I have a big presentation on Friday.");
    await untilQuiet(c.phone);
    await sayAndHear(c.phone, "I love hiking in the mountains.");
    await untilQuiet(c.phone);
    c.phone.hangup();
    await settledCall(c, first.id);
    await summarised(first.id);

    // Written by a non-streaming call_summary request, stored for this user × persona, linked to the call.
    const summaryReq = (await chatRequests()).find((b) => b.response_format?.json_schema?.name === "call_summary");
    expect(summaryReq?.stream).toBe(false);
    expect(summaryReq?.messages.map((m) => m.content).join("\n")).toContain("Caller: I have a big presentation on Friday.");
    const page = await c.api.json<MemoryPage>("/memories/sarah_001");
    expect(page.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "follow_up", text: "Caller has a big presentation on Friday", dueDate: next(5, callDay), sourceCallId: first.id }),
        expect.objectContaining({ kind: "preference", text: "Caller loves hiking in the mountains", sourceCallId: first.id }),
      ]),
    );
    expect(page.summaries[0]).toMatchObject({ callId: first.id });

    const before = (await chatRequests()).length;
    const second = await answeredCall(stack, c);
    const reply = await sayAndHearAll("Hi Sarah, it's me again.");
    expect(reply).toMatch(/presentation/i);
    const prompts = (await chatRequests()).slice(before).filter((b) => b.stream);
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts[0].messages[0].content).toMatch(/What you remember about the caller:\n- Caller has a big presentation on Friday \(follow_up, \d{4}-\d{2}-\d{2}\)/);
    c.phone.hangup();
    await settledCall(c, second.id);
    await summarised(second.id);
  });

  it("uses an edited memory in the next call, and not a deleted one", { timeout: 180_000 }, async () => {
    const page = await c.api.json<MemoryPage>("/memories/sarah_001");
    const presentation = page.items.find((i) => i.text.includes("presentation"))!;
    const hiking = page.items.find((i) => i.text.includes("hiking"))!;
    const thursday = next(4, new Date());
    const edit = await c.api.patch(`/memories/sarah_001/items/${presentation.id}`, { text: "Caller has a job interview on Thursday", dueDate: thursday });
    expect(edit.status).toBe(200);
    expect((await c.api.del(`/memories/sarah_001/items/${hiking.id}`)).status).toBe(200);

    const before = (await chatRequests()).length;
    const third = await answeredCall(stack, c);
    const reply = await sayAndHearAll("Hello again.");
    expect(reply).toMatch(/interview/i);
    const prompts = (await chatRequests()).slice(before).filter((b) => b.stream);
    expect(prompts.length).toBeGreaterThan(0);
    for (const p of prompts) {
      const system = p.messages[0].content;
      expect(system).toContain(`- Caller has a job interview on Thursday (follow_up, ${thursday})`);
      expect(system).not.toMatch(/presentation/i);
      expect(system).not.toMatch(/hiking/i);
    }
    c.phone.hangup();
    await settledCall(c, third.id);
  });
});
