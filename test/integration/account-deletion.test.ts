// Deleting an account: every row it owns goes (cascade), its live call is hung up, the cookie
// is cleared, every WorkOS session of the person is revoked (a second device too) and the WorkOS
// user is deleted; the old session stops working on the next request; signing in again starts
// a fresh account.
import { afterAll, beforeAll, expect, it } from "vitest";
import { signedInClient, signIn, apiClient } from "../helpers/api-client.ts";
import { control } from "../helpers/control.ts";
import { grantCredits, waitUntil } from "../helpers/call-fixtures.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const OWNED = ["personas where owner_id", "phone_numbers where user_id", "calls where user_id", "credit_entries where user_id", "schedules where user_id", "memories where user_id", "user_personas where user_id", "payments where user_id"];

async function counts(userId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of OWNED) out[t.split(" ")[0]] = (await stack.pool.query<{ n: number }>(`select count(*)::int as n from ${t} = $1`, [userId])).rows[0].n;
  return out;
}

it("deletes everything, hangs up, signs out everywhere, and a new sign-in is a new account", async () => {
  const email = "leaving@example.com";
  const api = await signedInClient(stack.appUrl, email, "Leaving Person");
  const other = apiClient(stack.appUrl, await signIn(stack.appUrl, email)); // a second device
  const me = await api.json<{ id: string }>("/me");
  await grantCredits(stack, me.id, 2000);
  const persona = await api.json<{ id: string }>("/personas", { method: "POST", body: { name: "Mine", systemPrompt: "p", firstMessage: "f", voiceId: "EXAVITQu4vr4xnSDxMaL" } });
  const number = (await stack.pool.query<{ id: string }>("insert into phone_numbers (user_id, e164, country, verified_at) values ($1, '+14155550155', 'US', now()) returning id", [me.id])).rows[0].id;
  await api.json("/schedules", { method: "POST", body: { personaId: persona.id, phoneNumberId: number, localTime: "07:30", recurrence: { kind: "daily" } } });
  await api.json(`/memories/${persona.id}/items`, { method: "POST", body: { text: "likes tea" } });
  await api.json("/personas/brad_001/favourite", { method: "PUT", body: { favourite: true } });
  const call = await api.json<{ id: string }>("/calls", { method: "POST", body: { personaId: persona.id, channel: "web", lengthSeconds: 180 } });
  const before = await counts(me.id);
  expect(Object.values(before).filter((n) => n > 0).length).toBeGreaterThanOrEqual(7);
  const workosUser = (await control(stack.sims.urls.control).get<Array<{ id: string; email: string }>>("/workos/users")).find((u) => u.email === email)!;
  expect(workosUser).toBeTruthy();

  const res = await api.del("/me");
  expect(res.status).toBe(200);
  expect(res.headers.getSetCookie().some((c) => /^cmb_session=;/.test(c) && /Max-Age=0/.test(c))).toBe(true);

  expect(await counts(me.id)).toEqual(Object.fromEntries(Object.keys(before).map((k) => [k, 0])));
  expect((await stack.pool.query("select 1 from users where id = $1", [me.id])).rowCount).toBe(0);
  expect((await stack.pool.query("select 1 from calls where id = $1", [call.id])).rowCount).toBe(0);

  // The old cookies, on this device and the other, no longer work.
  expect((await api.get("/me")).status).toBe(401);
  expect((await other.get("/me")).status).toBe(401);
  const sessions = await control(stack.sims.urls.control).get<Array<{ user_id: string; status: string }>>("/workos/sessions");
  expect(sessions.filter((s) => s.user_id === workosUser.id && s.status === "active")).toEqual([]);
  expect((await control(stack.sims.urls.control).get<Array<{ id: string }>>("/workos/users")).map((u) => u.id)).not.toContain(workosUser.id);

  // The web call was hung up: its provider sockets (opened while it warmed up) are closed.
  await waitUntil(async () => {
    const s = await control(stack.sims.urls.control).get<Record<string, unknown[]>>("/sockets");
    return (s.deepgram ?? []).length === 0 && (s.elevenlabs ?? []).length === 0;
  }, 20_000, "the call's provider sockets to close");

  // Signing in again is a new, empty account with its welcome credit.
  const again = await signedInClient(stack.appUrl, email, "Back Again");
  const fresh = await again.json<{ id: string; balanceCents: number }>("/me");
  expect(fresh.id).not.toBe(me.id);
  expect(fresh.balanceCents).toBe(499);
  await waitUntil(async () => (await again.json<{ personas: Array<{ system: boolean }> }>("/personas")).personas.every((p) => p.system), 5000, "a clean persona list");
});
