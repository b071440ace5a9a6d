// Call money through the real worker, Twilio simulator and CallSession: what a missed call
// costs (nothing), what an answered one costs (its price), and an extension accepted twice —
// by voice and on the live page at once — charged once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTENSION, PER_CALL_CENTS } from "../../core/pricing.ts";
import { answeredCall, callerWithPhone, grantCredits, settledCall, waitUntil, type Caller } from "../helpers/call-fixtures.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.close());

async function entries(callId: string): Promise<Array<{ kind: string; amount: number }>> {
  const r = await stack.pool.query<{ kind: string; amount: number }>("select kind, amount from credit_entries where call_id = $1 order by seq", [callId]);
  return r.rows;
}

async function balance(c: Caller): Promise<number> {
  return (await c.api.json<{ balanceCents: number }>("/me")).balanceCents;
}

async function place(c: Caller, lengthSeconds = 300): Promise<string> {
  const res = await c.api.post("/calls", { personaId: "brad_001", phoneNumberId: c.numberId, lengthSeconds });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("call money", () => {
  it.each([
    ["no-answer", "no_answer"],
    ["busy", "busy"],
    ["voicemail", "completed"],
  ] as const)("releases the whole reservation when the callee's phone does %s", async (policy, status) => {
    const c = await callerWithPhone(stack, `missed-${policy}@example.com`);
    await grantCredits(stack, c.userId, 2000);
    const before = await balance(c);
    await c.phone.policy({ answer: policy, ringMs: 300 });
    const id = await place(c);
    // While it rings, the price is held.
    expect((await entries(id))[0]).toEqual({ kind: "reserve", amount: -PER_CALL_CENTS[300] });
    const settled = await settledCall(c, id, 45_000);
    expect(settled.call.status).toBe(status);
    await waitUntil(async () => (await entries(id)).length === 2, 10_000, "the settlement");
    expect(await entries(id)).toEqual([
      { kind: "reserve", amount: -PER_CALL_CENTS[300] },
      { kind: "release", amount: PER_CALL_CENTS[300] },
    ]);
    expect(await balance(c)).toBe(before);
    await c.phone.close();
  }, 90_000);

  it("charges an answered call its price, and an extension accepted twice at once only once", async () => {
    const c = await callerWithPhone(stack, "extend-twice@example.com");
    await grantCredits(stack, c.userId, 2000);
    const before = await balance(c);
    const call = await answeredCall(stack, c, { personaId: "brad_001", lengthSeconds: 180 });
    // More time can be added in the last 150 s: 30 s into a 3-minute call (counted from the
    // connection, which was before the greeting we just heard ended).
    await new Promise((r) => setTimeout(r, 31_000));
    // Accepted by voice and, at the same moment, twice on the live page.
    const voice = c.phone.say("Yes, give me five more minutes please.");
    const app = await Promise.all([1, 2].map(() => c.api.json<{ ok: boolean; message: string }>(`/calls/${call.id}/extend`, { method: "POST" })));
    // Whichever lands first extends; the other finds the charge already made (ok, nothing more)
    // or the new deadline already set (refused). Never a second charge.
    expect(app.some((r) => r.ok), JSON.stringify(app)).toBe(true);
    await voice;
    await new Promise((r) => setTimeout(r, 4000)); // let the persona act on what it heard
    // The new deadline is 5 minutes out: a further "yes" is refused, not charged.
    const later = await c.api.json<{ ok: boolean }>(`/calls/${call.id}/extend`, { method: "POST" });
    expect(later.ok).toBe(false);
    c.phone.hangup();
    const settled = await settledCall(c, call.id, 45_000);
    expect(settled.call.status).toBe("completed");
    await waitUntil(async () => (await entries(call.id)).some((e) => e.kind === "capture" && e.amount === 0), 10_000, "the settlement");
    const money = await entries(call.id);
    expect(money.filter((e) => e.kind === "capture" && e.amount === -EXTENSION.cents)).toHaveLength(1);
    expect(money.filter((e) => e.kind === "release")).toEqual([]);
    const row = await stack.pool.query<{ extensions: number; purchased_seconds: number }>("select extensions, purchased_seconds from calls where id = $1", [call.id]);
    expect(row.rows[0]).toEqual({ extensions: 1, purchased_seconds: 180 + EXTENSION.seconds });
    expect(await balance(c)).toBe(before - PER_CALL_CENTS[180] - EXTENSION.cents);
    await c.phone.close();
  }, 150_000);
});
