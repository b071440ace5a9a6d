import { describe, expect, it } from "vitest";
import { isDuplicate, newItems } from "../../../core/memory/dedupe.ts";

const m = (text: string, dueDate: string | null = null) => ({ text, dueDate });

describe("memory dedupe", () => {
  it("treats restatements as the same item", () => {
    expect(isDuplicate(m("Caller has a presentation on Friday"), m("The caller has a big presentation on Friday."))).toBe(true);
    expect(isDuplicate(m("Caller's dog is called Max"), m("caller's dog is called Max!"))).toBe(true);
  });
  it("keeps different things apart", () => {
    expect(isDuplicate(m("Caller has a presentation on Friday"), m("Caller has a dentist appointment on Friday"))).toBe(false);
    expect(isDuplicate(m("Caller likes tea"), m("Caller hates tea"))).toBe(false);
  });
  it("keeps the same event on two different days apart", () => {
    expect(isDuplicate(m("Caller has a physio appointment", "2026-07-10"), m("Caller has a physio appointment", "2026-07-17"))).toBe(false);
    expect(isDuplicate(m("Caller has a physio appointment", "2026-07-10"), m("Caller has a physio appointment", null))).toBe(true);
  });
  it("filters a batch against what is known and against itself", () => {
    const known = [m("Caller is a nurse")];
    const out = newItems(known, [m("The caller is a nurse."), m("Caller loves hiking"), m("caller loves hiking!"), m("Caller has two cats")]);
    expect(out.map((x) => x.text)).toEqual(["Caller loves hiking", "Caller has two cats"]);
  });
});
