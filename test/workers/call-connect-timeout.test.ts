// A phone call whose status callbacks never arrive is settled by the CallSession's connect
// timeout, which asks Twilio what became of it. When Twilio doesn't know the call, or keeps
// failing to answer, the call must still end (unanswered, nothing charged) instead of the
// object waking every 30 s forever.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { expect, inject, it } from "vitest";
import { readConfig } from "../../core/config.ts";
import { balanceCents } from "../../core/db/credits.ts";
import type { CallSession } from "../../durable-objects/call-session/index.ts";
import { placeCall } from "../../worker/calls/place-call.ts";
import { callStub } from "../../worker/calls/stubs.ts";
import { db, makeUser } from "./agenda/harness.ts";

async function unconnectedCall() {
  const { userId, numbers } = await makeUser();
  const before = await balanceCents(db(), userId);
  const call = await placeCall(env, readConfig(env), db(), { userId, personaId: "sarah_001", channel: "phone", phoneNumberId: numbers[0].id, lengthSeconds: 300 });
  expect(await balanceCents(db(), userId)).toBeLessThan(before);
  return { userId, before, call, stub: callStub(env, call.id) };
}

async function callRow(id: string) {
  return (await db().query<{ status: string; end_reason: string | null }>("select status, end_reason from calls where id = $1", [id])).rows[0];
}

it("settles a call Twilio doesn't know as failed and releases its credits", async () => {
  const { userId, before, call, stub } = await unconnectedCall();
  // As if Twilio's record were gone: the check gets Twilio's 404 (20404).
  await runInDurableObject(stub, async (inst: CallSession, state) => {
    const setup = (await state.storage.get<Record<string, unknown>>("setup"))!;
    await state.storage.put("setup", { ...setup, twilioCallSid: `CA${"f".repeat(32)}` });
    // The object loads its setup from storage again, as after an eviction.
    Object.assign(inst, { controller: undefined, loading: undefined });
  });
  expect(await runDurableObjectAlarm(stub)).toBe(true);
  expect(await callRow(call.id)).toEqual({ status: "failed", end_reason: "unknown_to_twilio" });
  expect(await balanceCents(db(), userId)).toBe(before);
  // Nothing left to wake for.
  expect(await runDurableObjectAlarm(stub)).toBe(false);
});

it("gives up asking after ten failed checks, settling unanswered with nothing charged", async () => {
  const { userId, before, call, stub } = await unconnectedCall();
  const sid = await runInDurableObject(stub, async (_i: CallSession, state) => (await state.storage.get<{ twilioCallSid: string }>("setup"))!.twilioCallSid);
  const control = inject("simUrls").control;
  // Ten failing answers (then the fault disarms itself).
  await fetch(`${control}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "twilio", mode: "5xx", status: 503, match: `/Calls/${sid}.json`, count: 10 }) });
  for (let i = 1; i < 10; i++) {
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await callRow(call.id)).status).toBe("initiated");
  }
  expect(await runDurableObjectAlarm(stub)).toBe(true);
  expect(await callRow(call.id)).toEqual({ status: "failed", end_reason: "status_unknown" });
  expect(await balanceCents(db(), userId)).toBe(before);
  expect(await runDurableObjectAlarm(stub)).toBe(false);
});
