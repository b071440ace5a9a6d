// Many changes to one agenda at once (the app firing requests in parallel): each is applied,
// mirrored to Neon whole, and none is mistaken for a schedule whose persona or number is gone.
import { expect, it } from "vitest";
import { agenda, DEFAULT_SETTINGS, db, drive, FakeClock, makeUser, spec } from "./harness.ts";

it("20 schedules created at once for one user all land, in the agenda and in Neon", async () => {
  const { userId, numbers } = await makeUser({ numbers: 20 });
  await drive(userId, new FakeClock("2027-06-01T00:00:00Z"));
  const results = await Promise.all(
    // Staggered, so creates keep arriving while earlier ones are mirroring.
    numbers.map(async (n, i) => {
      await new Promise((r) => setTimeout(r, i * 7));
      return agenda(userId).create(userId, DEFAULT_SETTINGS, spec({ phoneNumberId: n.id, localTime: `12:${String(i).padStart(2, "0")}`, timeZone: "UTC", recurrence: { kind: "once", date: "2027-06-01" } }));
    }),
  );
  expect(results.filter((r) => !("schedule" in r))).toEqual([]);
  const mirrored = await db().query<{ schedules: number; runs: number }>(
    "select (select count(*)::int from schedules where user_id = $1) as schedules, (select count(*)::int from schedule_runs where user_id = $1) as runs",
    [userId],
  );
  expect(mirrored.rows[0]).toEqual({ schedules: 20, runs: 20 });
});
