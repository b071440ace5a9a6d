import { afterAll, beforeAll, expect, it } from "vitest";
import { control } from "../helpers/control.ts";
import { callerWithPhone, grantCredits, sayAndHear, seen, untilQuiet, waitUntil } from "../helpers/call-fixtures.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

it("places a call that greets, converses and hangs up cleanly", async () => {
  const c = await callerWithPhone(stack, "basic@example.com");
  await grantCredits(stack, c.userId, 2000);
  const res = await c.api.post("/calls", { personaId: "sarah_001", phoneNumberId: c.numberId, lengthSeconds: 300 });
  expect(res.status).toBe(201);
  const call = (await res.json()) as { id: string; status: string };
  const incoming = await c.phone.waitFor("incoming", 10_000);
  c.phone.answer(incoming.callSid);
  const greeting = await c.phone.waitFor("heard", 15_000);
  expect(greeting.text).toMatch(/Sarah/);
  await untilQuiet(c.phone);
  const reply = await sayAndHear(c.phone, "I had a really long day at work today.");
  expect(reply.text.length).toBeGreaterThan(3);
  await untilQuiet(c.phone);
  c.phone.hangup();
  await c.phone.waitFor("ended", 10_000);
  const detail = await waitUntil(async () => {
    const d = seen(await c.api.json<{ call: { status: string; durationSeconds: number }; turns: Array<{ speaker: string; text: string }> }>(`/calls/${call.id}`));
    return d.call.status === "completed" && d.turns.length >= 3 ? d : undefined;
  }, 20_000, "the call to be settled");
  expect(detail.turns.map((t) => t.speaker)).toEqual(expect.arrayContaining(["agent", "caller"]));
  expect(detail.turns.find((t) => t.speaker === "caller")!.text).toMatch(/long day at work/i);
  const sockets = await waitUntil(async () => {
    const s = await control(stack.sims.urls.control).get<Record<string, unknown[]>>("/sockets");
    return Object.entries(s).every(([k, v]) => k === "twilio" || v.length === 0) ? s : undefined;
  }, 10_000, "provider sockets to close");
  expect(sockets.deepgram).toEqual([]);
  expect(sockets.elevenlabs).toEqual([]);
});
