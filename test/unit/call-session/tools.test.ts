import { describe, expect, it } from "vitest";
import { CallTools, MAX_TOOL_REQUESTS_PER_CALL, TOOL_LIMITS } from "../../../durable-objects/call-session/tools.ts";
import { RecordingPowers } from "./tool-powers.ts";

const setup = (withAgenda = true) => {
  const powers = new RecordingPowers(withAgenda);
  return { powers, tools: new CallTools(powers) };
};
const names = (t: CallTools) => t.specs().map((s) => s.function.name);

describe("the persona's tools", () => {
  it("offers exactly the allow-list, and only what applies to this call", () => {
    const { tools, powers } = setup();
    expect(names(tools)).toEqual(["end_call", "extend_call", "schedule_call", "snooze_next_call", "stop_schedule"]);
    powers.extendable = false;
    expect(names(tools)).toEqual(["end_call", "schedule_call", "snooze_next_call", "stop_schedule"]);
    expect(names(setup(false).tools)).toEqual(["end_call", "extend_call"]);
    for (const s of tools.specs()) expect(s.function.parameters).toMatchObject({ additionalProperties: false });
  });

  it("runs valid requests", async () => {
    const { tools, powers } = setup();
    expect(await tools.run("end_call", "{}")).toMatchObject({ effect: "end_call" });
    await tools.run("extend_call", '{"minutes":5}');
    await tools.run("schedule_call", '{"local_datetime":"2026-07-16T08:00"}');
    await tools.run("snooze_next_call", '{"minutes":60}');
    await tools.run("stop_schedule", '{"which":"next"}');
    expect(powers.effects).toEqual([{ power: "extend" }, { power: "scheduleOnce", localDateTime: "2026-07-16T08:00" }, { power: "snoozeNext", minutes: 60 }, { power: "stop", which: "next" }]);
  });

  it.each([
    ["add_credits", '{"amount":1000}'],
    ["dial_number", '{"to":"+19005550100"}'],
    ["set_price", '{"cents":0}'],
    ["read_user", '{"email":"someone@example.com"}'],
    ["constructor", "{}"],
    ["__proto__", "{}"],
    ["toString", "{}"],
    ["hasOwnProperty", "{}"],
    ["EXTEND_CALL", '{"minutes":5}'],
    ["extend_call ", '{"minutes":5}'],
    ["functions.extend_call", '{"minutes":5}'],
    ["", "{}"],
  ])("refuses the unknown tool %j with no effect", async (name, args) => {
    const { tools, powers } = setup();
    const r = await tools.run(name, args);
    expect(r.content).toMatch(/does not exist/);
    expect(r.effect).toBeUndefined();
    expect(powers.effects).toEqual([]);
    expect(powers.logs[0]).toMatch(/refused tool/);
  });

  it.each([
    ["extend_call", '{"minutes":100}'],
    ["extend_call", '{"minutes":5,"user_id":"00000000-0000-0000-0000-000000000000"}'],
    ["extend_call", '{"minutes":"5"}'],
    ["extend_call", "{}"],
    ["schedule_call", '{"local_datetime":"2026-07-16T08:00","phone_number":"+19005550100"}'],
    ["schedule_call", '{"local_datetime":"2026-07-16T08:00","user_id":"x"}'],
    ["schedule_call", '{"local_datetime":"2026-02-30T08:00"}'],
    ["schedule_call", '{"local_datetime":"2026-07-16T25:00"}'],
    ["schedule_call", '{"local_datetime":"tomorrow at 8"}'],
    ["snooze_next_call", '{"minutes":100000}'],
    ["snooze_next_call", '{"minutes":-60}'],
    ["snooze_next_call", '{"minutes":1.5}'],
    ["stop_schedule", '{"which":"everyone"}'],
    ["stop_schedule", '{"which":"all","schedule_id":"someone-elses"}'],
    ["end_call", '{"reason":"x","transfer_to":"+19005550100"}'],
    ["extend_call", "not json"],
    ["extend_call", "[5]"],
    ["extend_call", '{"minutes":5,"__proto__":{"admin":true}}'],
    ["extend_call", `{"minutes":5,"pad":"${"x".repeat(3000)}"}`],
  ])("refuses %s with %s, with no effect", async (name, args) => {
    const { tools, powers } = setup();
    const r = await tools.run(name, args);
    expect(r.content).toMatch(/not allowed|Invalid arguments/);
    expect(powers.effects).toEqual([]);
  });

  it("limits how often a tool takes effect in one call", async () => {
    const { tools, powers } = setup();
    for (let i = 0; i < 10; i++) await tools.run("schedule_call", '{"local_datetime":"2026-07-16T08:00"}');
    expect(powers.effects).toHaveLength(TOOL_LIMITS.schedule_call);
    expect((await tools.run("schedule_call", '{"local_datetime":"2026-07-16T08:00"}')).content).toMatch(/already done/);
  });

  it("limits tool requests per call, refused ones included", async () => {
    const { tools, powers } = setup();
    for (let i = 0; i < MAX_TOOL_REQUESTS_PER_CALL; i++) await tools.run("add_credits", "{}");
    expect((await tools.run("end_call", "{}")).effect).toBeUndefined();
    expect(powers.effects).toEqual([]);
  });

  it("does not run agenda tools when the call has no agenda", async () => {
    const { tools, powers } = setup(false);
    expect((await tools.run("schedule_call", '{"local_datetime":"2026-07-16T08:00"}')).content).toMatch(/does not exist/);
    expect(powers.effects).toEqual([]);
  });
});
