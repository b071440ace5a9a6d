// A phone conversation through the real worker, Durable Object and simulators: several
// turns, barge-in, backchannels, false interruptions, unfinished sentences and digits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answeredCall, callerWithPhone, grantCredits, lastLlmRequest, noOpenProviderSockets, sayAndHear, settledCall, untilQuiet } from "../helpers/call-fixtures.ts";
import { control } from "../helpers/control.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe("a conversation on the phone", () => {
  it("holds five turns and remembers all of them", { timeout: 180_000 }, async () => {
    const c = await callerWithPhone(stack, "five@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c);
    const lines = ["My name is Dana.", "I work as a nurse.", "I love hiking in the hills.", "My sister is visiting next week.", "What do you remember about me?"];
    for (const l of lines) {
      await sayAndHear(c.phone, l);
      await untilQuiet(c.phone);
    }
    const req = await lastLlmRequest(stack.sims.urls.control);
    const users = req.messages.filter((m) => m.role === "user").map((m) => m.content);
    expect(users).toEqual(lines);
    c.phone.hangup();
    const d = await settledCall(c, call.id);
    expect(d.turns.filter((t) => t.speaker === "caller").map((t) => t.text)).toEqual(lines);
    expect(d.turns.filter((t) => t.speaker === "agent").length).toBeGreaterThanOrEqual(6);
    await noOpenProviderSockets(stack.sims.urls.control);
  });

  it("stops at once when interrupted and keeps only what the caller heard", { timeout: 120_000 }, async () => {
    const c = await callerWithPhone(stack, "bargein@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c);
    await sayAndHear(c.phone, "Tell me a long story about a dragon.");
    await new Promise((r) => setTimeout(r, 1500)); // well into the story
    await sayAndHear(c.phone, "Wait, stop, I have a question."); // the answer to the interruption
    await untilQuiet(c.phone);
    c.phone.hangup();
    const d = await settledCall(c, call.id);
    const cut = d.turns.find((t) => t.speaker === "agent" && t.interrupted);
    expect(cut, JSON.stringify(d.turns)).toBeDefined();
    expect(cut!.heardText!.length).toBeGreaterThan(0);
    expect(cut!.text.startsWith(cut!.heardText!.replace(/—$/, ""))).toBe(true);
    expect(cut!.heardText!.length).toBeLessThan(cut!.text.length);
    // The model was told what was heard, not the whole story.
    const req = await lastLlmRequest(stack.sims.urls.control);
    const assistant = req.messages.filter((m) => m.role === "assistant").map((m) => m.content);
    expect(assistant).toContain(`${cut!.heardText}—`);
    expect(assistant).not.toContain(cut!.text);
    const tw = await control(stack.sims.urls.control).get<{ metrics: { clears: unknown[]; staleAfterClearMs: number } }>(`/twilio/calls?sid=${call.callSid}`);
    expect(tw.metrics.clears.length).toBeGreaterThanOrEqual(1);
    expect(tw.metrics.staleAfterClearMs).toBe(0);
  });

  it("lets backchannels and noise pass without cutting the persona off", { timeout: 120_000 }, async () => {
    const c = await callerWithPhone(stack, "backchannel@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c);
    await sayAndHear(c.phone, "Tell me a long story about the sea.");
    await new Promise((r) => setTimeout(r, 1200));
    await c.phone.say("uh-huh");
    await new Promise((r) => setTimeout(r, 1500));
    // A cough: loud audio with no words in it (no watermark).
    const cough = new Uint8Array(160 * 10).map((_, i) => (i % 2 ? 0x10 : 0x90));
    c.phone.sendAudio(cough);
    await untilQuiet(c.phone, 2500, 60_000);
    c.phone.hangup();
    const d = await settledCall(c, call.id);
    const agent = d.turns.filter((t) => t.speaker === "agent");
    expect(agent.some((t) => t.interrupted), JSON.stringify(agent)).toBe(false);
    expect(d.turns.filter((t) => t.speaker === "caller").map((t) => t.text)).toEqual(["Tell me a long story about the sea."]);
  });

  it("waits out an unfinished sentence and dictated digits", { timeout: 120_000 }, async () => {
    const c = await callerWithPhone(stack, "patience@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c);
    await c.phone.say("I went to the store and");
    await new Promise((r) => setTimeout(r, 700));
    await sayAndHear(c.phone, "bought some apples.");
    await untilQuiet(c.phone);
    await c.phone.say("My number is five five five");
    await new Promise((r) => setTimeout(r, 1000));
    await sayAndHear(c.phone, "one two three four.");
    await untilQuiet(c.phone);
    c.phone.hangup();
    const d = await settledCall(c, call.id);
    const said = d.turns.filter((t) => t.speaker === "caller").map((t) => t.text.toLowerCase());
    expect(said, JSON.stringify(d.turns.map((t) => [t.speaker, t.text]))).toHaveLength(2);
    expect(said[0]).toMatch(/store and bought some apples/);
    expect(said[1]).toMatch(/five five five one two three four/);
  });
});
