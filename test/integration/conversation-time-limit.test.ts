// The paid time running out: a minute's warning, the goodbye, and the line cut at the limit.
// A file of its own: the call lasts three minutes and runs alongside the others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answeredCall, callerWithPhone, grantCredits, noOpenProviderSockets, settledCall } from "../helpers/call-fixtures.ts";
import { control } from "../helpers/control.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe("the time limit", () => {
  it("warns a minute before the end, says goodbye and hangs up within a second of the limit", { timeout: 300_000 }, async () => {
    const c = await callerWithPhone(stack, "limit@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c, { lengthSeconds: 180 });
    const ctl = control(stack.sims.urls.control);
    const info = await ctl.get<{ metrics: { streamStartAt: number } }>(`/twilio/calls?sid=${call.callSid}`);
    // Keep talking now and then so the silence rules don't end the call first.
    const chat = setInterval(() => void c.phone.say("Mm, tell me more about that.").catch(() => {}), 15_000);
    try {
      const warning = await c.phone.waitFor((e) => e.type === "heard" && /minute left/i.test(e.text), 200_000);
      const ended = await c.phone.waitFor("ended", 90_000);
      const limitAt = info.metrics.streamStartAt + 180_000;
      // The warning comes about a minute before the limit…
      expect(Math.abs(warning.at - (limitAt - 60_000))).toBeLessThan(20_000);
      // …the goodbye is heard, and the line is cut within a second of the limit.
      const bye = c.phone.events.find((e) => e.type === "heard" && /time/i.test(e.text) && e.at > warning.at);
      expect(bye).toBeDefined();
      expect(ended.at - limitAt).toBeLessThan(1000);
      expect(ended.at - limitAt).toBeGreaterThan(-3000);
    } finally {
      clearInterval(chat);
    }
    const d = await settledCall(c, call.id);
    expect(d.call.endReason).toBe("time_limit");
    await noOpenProviderSockets(stack.sims.urls.control);
  });

});
