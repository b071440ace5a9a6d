// The call's edges: the paid time running out, a caller who goes quiet, a slow model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answeredCall, callerWithPhone, grantCredits, noOpenProviderSockets, sayAndHear, settledCall, untilQuiet } from "../helpers/call-fixtures.ts";
import { control } from "../helpers/control.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe("call limits", () => {
  it("checks in after 20 s of silence and hangs up 15 s later", { timeout: 120_000 }, async () => {
    const c = await callerWithPhone(stack, "silent@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c);
    const quietFrom = Date.now();
    const checkIn = await c.phone.waitFor((e) => e.type === "heard" && /still (there|with me)/i.test(e.text), 40_000);
    expect(checkIn.at - quietFrom).toBeGreaterThan(15_000);
    const ended = await c.phone.waitFor("ended", 40_000);
    expect(ended.at - checkIn.at).toBeGreaterThan(12_000);
    const d = await settledCall(c, call.id);
    expect(d.call.endReason).toBe("silence");
  });

  it("covers a slow model with a filler line and answers on the retry", { timeout: 120_000 }, async () => {
    const c = await callerWithPhone(stack, "slowllm@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c);
    const ctl = control(stack.sims.urls.control);
    // The next chat request takes 4 s to answer (no first token within 2 s); the retry is
    // normal. A one-word turn is recognised whole before it ends, so exactly one request
    // (speculative, then kept) precedes the retry.
    await ctl.post("/faults", { provider: "cerebras", mode: "slow", delayMs: 4000, count: 1, match: "/v1/chat/completions" });
    const filler = await sayAndHear(c.phone, "Dinner?");
    expect(filler.text).toMatch(/sec/i);
    const answer = await c.phone.waitFor((e) => e.type === "heard" && e.at > filler.at && !/sec/i.test(e.text), 20_000);
    expect(answer.text).not.toMatch(/trouble on my end/i);
    await untilQuiet(c.phone);
    await ctl.del("/faults");
    c.phone.hangup();
    const d = await settledCall(c, call.id);
    const agent = d.turns.filter((t) => t.speaker === "agent").map((t) => t.text);
    expect(agent.some((t) => /sec/i.test(t))).toBe(true);
  });
});
