import { afterAll, beforeAll, expect, it } from "vitest";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

it("answers 200 after a real query, then 503 with a reason within 3 s once the database is gone", async () => {
  const ok = await fetch(`${stack.url}/api/health`);
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ ok: true, db: "ok" });

  await stack.db.close();
  const t0 = Date.now();
  const down = await fetch(`${stack.url}/api/health`);
  const elapsed = Date.now() - t0;
  expect(down.status).toBe(503);
  const body = (await down.json()) as { ok: boolean; db: string };
  expect(body.ok).toBe(false);
  expect(body.db.length).toBeGreaterThan(0);
  expect(body.db).not.toContain("postgres:postgres@");
  // The contract, not a benchmark: a health check must never hang.
  expect(elapsed).toBeLessThan(3000);
});
