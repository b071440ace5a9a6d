import { neonConfig } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ws from "ws";
import { saveCallMemory } from "../../core/db/call-summaries.ts";
import { addMemory, deleteMemory, forgetPersona, listMemories, loadMemoryContext, memoryOverview, updateMemory } from "../../core/db/memories.ts";
import { createPool, type Pool } from "../../core/db/pool.ts";
import { rememberCall, type RememberDeps } from "../../core/memory/remember-call.ts";
import { MEMORY_LIMITS } from "../../core/memory/types.ts";
import type { ChatRequest, Completion } from "../../core/providers/cerebras.ts";
import { ProviderError } from "../../core/providers/errors.ts";
import { migrate } from "../../scripts/lib/migrate.ts";
import { startPgliteServer, type PgliteServer } from "../../scripts/lib/pglite-server.ts";

neonConfig.webSocketConstructor = ws;

let server: PgliteServer;
let pool: Pool;
beforeAll(async () => {
  server = await startPgliteServer({});
  pool = createPool(server.url);
  await migrate(pool);
});
afterAll(async () => {
  await pool.end();
  await server.close();
});

async function user(tz = "Europe/London"): Promise<string> {
  const r = await pool.query<{ id: string }>("insert into users (workos_user_id, email, time_zone) values ($1, $2, $3) returning id", [crypto.randomUUID(), `${crypto.randomUUID()}@x.test`, tz]);
  return r.rows[0].id;
}

async function answeredCall(userId: string, lines: Array<["agent" | "caller", string]>, personaId = "sarah_001", answeredAt = "2026-07-14T20:00:00Z"): Promise<string> {
  const r = await pool.query<{ id: string }>(
    `insert into calls (user_id, persona_id, persona_name, channel, purchased_seconds, price_cents, status, answered_at) values ($1, $2, 'Sarah', 'web', 300, 0, 'completed', $3) returning id`,
    [userId, personaId, answeredAt],
  );
  const id = r.rows[0].id;
  for (const [i, [speaker, text]] of lines.entries()) {
    await pool.query("insert into call_turns (call_id, seq, speaker, text, started_at) values ($1, $2, $3, $4, now())", [id, i, speaker, text]);
  }
  return id;
}

const summaryJson = (memories: Array<{ kind: string; text: string; due_date: string | null }>, summary = "The caller talked with Sarah.") => JSON.stringify({ summary, memories });

function llm(answers: Array<string | Error>) {
  const requests: ChatRequest[] = [];
  const complete = async (req: ChatRequest): Promise<Completion> => {
    requests.push(req);
    const a = answers.length > 1 ? answers.shift()! : answers[0];
    if (a instanceof Error) throw a;
    return { content: a, toolCalls: [], promptTokens: 100, completionTokens: 40 };
  };
  return { requests, complete };
}

const deps = (complete: RememberDeps["complete"], logs: string[] = []): RememberDeps => ({ db: pool, complete, model: "test", log: (m) => logs.push(m), sleep: async () => {}, retryDelaysMs: [1, 1, 1] });

describe("remembering a call", () => {
  it("stores a summary and items for the user × persona, linked to the call, resolving the call's local date", async () => {
    const u = await user();
    const call = await answeredCall(u, [["agent", "Hi, it's Sarah."], ["caller", "I have a big presentation on Friday."]]);
    const fake = llm([summaryJson([{ kind: "follow_up", text: "Caller has a big presentation on Friday", due_date: "2026-07-17" }])]);
    expect(await rememberCall(deps(fake.complete), call)).toEqual({ status: "saved", added: 1, pruned: 0 });
    // The request: non-streaming json_schema call_summary with the call's local time in the caller's zone.
    expect(fake.requests[0].response_format).toMatchObject({ type: "json_schema", json_schema: { name: "call_summary" } });
    expect(fake.requests[0].messages[0].content).toContain("Current local time: 2026-07-14T21:00 (Europe/London), Tuesday.");
    expect(fake.requests[0].messages[1].content).toContain("Caller: I have a big presentation on Friday.");
    const items = await listMemories(pool, u, "sarah_001");
    expect(items).toMatchObject([{ kind: "follow_up", text: "Caller has a big presentation on Friday", dueDate: "2026-07-17", sourceCallId: call, origin: "call" }]);
    const ctx = await loadMemoryContext(pool, u, "sarah_001");
    expect(ctx.summary).toBe("The caller talked with Sarah.");
    expect(typeof ctx.items[0].updatedAt).toBe("string");
    // Its tokens are part of the call's cost.
    const usage = await pool.query<{ unit: string; quantity: string }>("select unit, quantity from call_usage where call_id = $1 order by unit", [call]);
    expect(usage.rows.map((r) => [r.unit, Number(r.quantity)])).toEqual([["completion_token", 40], ["prompt_token", 100]]);
  });

  it("retries transient failures and malformed answers, then succeeds once", async () => {
    const u = await user();
    const call = await answeredCall(u, [["caller", "I love jazz."]]);
    const logs: string[] = [];
    const fake = llm([new ProviderError("cerebras", "HTTP 503", { status: 503 }), "not json at all", summaryJson([{ kind: "preference", text: "Caller loves jazz", due_date: null }])]);
    expect((await rememberCall(deps(fake.complete, logs), call)).status).toBe("saved");
    expect(fake.requests).toHaveLength(3);
    expect(logs.filter((l) => l.includes("retrying"))).toHaveLength(2);
  });

  it("gives up without retrying on a permanent error, and stores nothing", async () => {
    const u = await user();
    const call = await answeredCall(u, [["caller", "I love jazz."]]);
    const fake = llm([new ProviderError("cerebras", "HTTP 400", { status: 400 })]);
    await expect(rememberCall(deps(fake.complete), call)).rejects.toThrow(/400/);
    expect(fake.requests).toHaveLength(1);
    expect(await listMemories(pool, u, "sarah_001")).toEqual([]);
  });

  it("never duplicates on a repeated or concurrent after-call run", async () => {
    const u = await user();
    const call = await answeredCall(u, [["caller", "I'm a nurse."]]);
    const fake = llm([summaryJson([{ kind: "fact", text: "Caller is a nurse", due_date: null }])]);
    const results = await Promise.all([rememberCall(deps(fake.complete), call), rememberCall(deps(fake.complete), call)]);
    expect(results.filter((r) => r.status === "saved")).toHaveLength(1);
    const again = await rememberCall(deps(fake.complete), call);
    expect(again).toEqual({ status: "skipped", reason: "already_summarized" });
    expect(await listMemories(pool, u, "sarah_001")).toHaveLength(1);
    const s = await pool.query("select 1 from call_summaries where call_id = $1", [call]);
    expect(s.rowCount).toBe(1);
  });

  it("dedupes against earlier calls' items", async () => {
    const u = await user();
    const first = await answeredCall(u, [["caller", "I'm a nurse."]]);
    const second = await answeredCall(u, [["caller", "As I said, I'm a nurse. I have two cats."]]);
    await rememberCall(deps(llm([summaryJson([{ kind: "fact", text: "Caller is a nurse", due_date: null }])]).complete), first);
    const r = await rememberCall(deps(llm([summaryJson([{ kind: "fact", text: "The caller is a nurse.", due_date: null }, { kind: "fact", text: "Caller has two cats", due_date: null }])]).complete), second);
    expect(r).toEqual({ status: "saved", added: 1, pruned: 0 });
    expect((await listMemories(pool, u, "sarah_001")).map((m) => m.text).sort()).toEqual(["Caller has two cats", "Caller is a nurse"]);
  });

  it("skips calls that were not answered or where the caller said nothing", async () => {
    const u = await user();
    const r = await pool.query<{ id: string }>(`insert into calls (user_id, persona_id, persona_name, channel, purchased_seconds, price_cents, status) values ($1, 'sarah_001', 'Sarah', 'web', 300, 0, 'no_answer') returning id`, [u]);
    const fake = llm([summaryJson([])]);
    expect(await rememberCall(deps(fake.complete), r.rows[0].id)).toEqual({ status: "skipped", reason: "not_answered" });
    const silent = await answeredCall(u, [["agent", "Hello? Are you there?"]]);
    expect(await rememberCall(deps(fake.complete), silent)).toEqual({ status: "skipped", reason: "nothing_said" });
    expect(fake.requests).toHaveLength(0);
  });

  it("keeps each persona's list bounded, pruning only call-written items", async () => {
    const u = await user();
    const mine = await addMemory(pool, u, "sarah_001", { kind: "fact", text: "Caller wrote this one themselves", dueDate: null });
    for (let i = 0; i < 9; i++) {
      const call = await answeredCall(u, [["caller", `Something ${i}.`]]);
      const items = Array.from({ length: 6 }, (_, j) => ({ kind: "fact", text: `Caller collects item ${String.fromCharCode(97 + i)}${String.fromCharCode(97 + j)} ${"zyxwvutsrq".slice(0, j + 1)}`, due_date: null }));
      await rememberCall(deps(llm([summaryJson(items)]).complete), call);
    }
    const all = await listMemories(pool, u, "sarah_001");
    expect(all).toHaveLength(MEMORY_LIMITS.perPersona);
    expect(all.some((m) => m.id === mine!.id)).toBe(true);
  });
});

describe("memory items per user × persona", () => {
  it("edits, deletes and forgets only the owner's items", async () => {
    const [a, b] = [await user(), await user()];
    const item = (await addMemory(pool, a, "sarah_001", { kind: "plan", text: "Caller plans to run a marathon", dueDate: "2026-10-04" }))!;
    expect(await updateMemory(pool, b, "sarah_001", item.id, { text: "hijacked" })).toBeUndefined();
    expect(await deleteMemory(pool, b, "sarah_001", item.id)).toBe(false);
    expect(await updateMemory(pool, a, "brad_001", item.id, { text: "wrong persona" })).toBeUndefined();
    const edited = await updateMemory(pool, a, "sarah_001", item.id, { text: "Caller plans to run a half marathon", dueDate: null });
    expect(edited).toMatchObject({ text: "Caller plans to run a half marathon", dueDate: null, kind: "plan", origin: "user" });
    expect((await updateMemory(pool, a, "sarah_001", item.id, { kind: "follow_up" }))!.text).toBe("Caller plans to run a half marathon");
    await addMemory(pool, a, "brad_001", { kind: "fact", text: "Caller lifts weights", dueDate: null });
    expect((await memoryOverview(pool, a)).map((o) => o.personaId).sort()).toEqual(["brad_001", "sarah_001"]);
    expect(await memoryOverview(pool, b)).toEqual([]);
    expect(await forgetPersona(pool, a, "sarah_001")).toEqual({ items: 1, summaries: 0 });
    expect(await listMemories(pool, a, "brad_001")).toHaveLength(1);
  });

  it("saving the same call twice writes once", async () => {
    const u = await user();
    const call = await answeredCall(u, [["caller", "Hi"]]);
    const m = { callId: call, userId: u, personaId: "sarah_001", summary: "x", items: [{ kind: "fact" as const, text: "Caller is a chef", dueDate: null }] };
    expect((await saveCallMemory(pool, m)).saved).toBe(true);
    expect(await saveCallMemory(pool, m)).toEqual({ saved: false, added: 0, pruned: 0 });
    expect(await listMemories(pool, u, "sarah_001")).toHaveLength(1);
  });

  it("deleting the account deletes every memory and summary (cascade)", async () => {
    const u = await user();
    const call = await answeredCall(u, [["caller", "I'm a chef."]]);
    await rememberCall(deps(llm([summaryJson([{ kind: "fact", text: "Caller is a chef", due_date: null }])]).complete), call);
    const own = await pool.query<{ id: string }>(
      "insert into personas (id, owner_id, name, system_prompt, first_message, voice_id) values ($1, $2, 'Mine', 'You are Mine.', 'Hi', 'v1') returning id",
      [`mine_${crypto.randomUUID().slice(0, 8)}`, u],
    );
    const mine = (await addMemory(pool, u, own.rows[0].id, { kind: "fact", text: "Caller likes custom personas", dueDate: null }))!;
    await updateMemory(pool, u, own.rows[0].id, mine.id, { text: "Caller likes their own personas" });
    const count = async () => {
      const r = await pool.query<{ m: number; s: number; e: number }>(
        "select (select count(*) from memories where user_id = $1)::int as m, (select count(*) from call_summaries where user_id = $1)::int as s, (select count(*) from memory_edits where user_id = $1)::int as e",
        [u],
      );
      return r.rows[0];
    };
    expect(await count()).toEqual({ m: 2, s: 1, e: 1 });
    await pool.query("delete from users where id = $1", [u]);
    expect(await count()).toEqual({ m: 0, s: 0, e: 0 });
  });
});

describe("summaries after a person's corrections", () => {
  it("sets earlier summaries aside once an item is edited or deleted, not when one is added", async () => {
    const u = await user();
    const call = await answeredCall(u, [["caller", "I love hiking."]]);
    await rememberCall(deps(llm([summaryJson([{ kind: "preference", text: "Caller loves hiking", due_date: null }], "The caller loves hiking.")]).complete), call);
    expect((await loadMemoryContext(pool, u, "sarah_001")).summary).toBe("The caller loves hiking.");
    await addMemory(pool, u, "sarah_001", { kind: "fact", text: "Caller is a chef", dueDate: null });
    expect((await loadMemoryContext(pool, u, "sarah_001")).summary).toBe("The caller loves hiking.");
    const hiking = (await listMemories(pool, u, "sarah_001")).find((m) => m.text.includes("hiking"))!;
    expect(await deleteMemory(pool, u, "sarah_001", hiking.id)).toBe(true);
    const ctx = await loadMemoryContext(pool, u, "sarah_001");
    expect(ctx.summary).toBeNull();
    expect(ctx.items.map((i) => i.text)).toEqual(["Caller is a chef"]);
    // A later call's summary is used again.
    const later = await answeredCall(u, [["caller", "I have two cats."]]);
    await rememberCall(deps(llm([summaryJson([], "The caller has two cats.")]).complete), later);
    expect((await loadMemoryContext(pool, u, "sarah_001")).summary).toBe("The caller has two cats.");
  });
});
