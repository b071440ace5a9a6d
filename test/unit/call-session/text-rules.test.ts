import { describe, expect, it } from "vitest";
import { isBackchannel, mayBeBackchannel } from "../../../durable-objects/call-session/backchannel.ts";
import { heardText } from "../../../durable-objects/call-session/heard-text.ts";
import { PhraseChunker } from "../../../durable-objects/call-session/phrase-chunker.ts";
import { judgeTurn, sameUtterance } from "../../../durable-objects/call-session/turn-end.ts";

describe("backchannels", () => {
  it.each(["uh-huh", "Yeah.", "mm-hmm", "okay", "Yeah, okay.", "right right", "I see"])("%s does not interrupt", (t) => expect(isBackchannel(t)).toBe(true));
  it.each(["wait", "no stop", "yeah but what about tomorrow", "hold on", "okay so listen"])("%s interrupts", (t) => expect(isBackchannel(t)).toBe(false));
  it("keeps waiting on a prefix that may still become one", () => {
    expect(mayBeBackchannel("uh")).toBe(true);
    expect(mayBeBackchannel("wait")).toBe(false);
  });
});

describe("end of turn", () => {
  it("waits after a trailing conjunction or an unfinished clause", () => {
    expect(judgeTurn("I went to the gym and")).toMatchObject({ complete: false, why: "unfinished" });
    expect(judgeTurn("so I was thinking that")).toMatchObject({ complete: false });
    expect(judgeTurn("Well,")).toMatchObject({ complete: false, why: "comma" });
  });
  it("waits longer while digits are dictated", () => {
    expect(judgeTurn("my number is five five five")).toMatchObject({ complete: false, why: "digits" });
    expect(judgeTurn("it's 555 0134")).toMatchObject({ complete: false, why: "digits" });
  });
  it("accepts finished sentences and questions", () => {
    expect(judgeTurn("I had a great day at work.")).toEqual({ complete: true });
    expect(judgeTurn("what do you think?")).toEqual({ complete: true });
  });
  it("compares transcripts without case or punctuation", () => {
    expect(sameUtterance("I had a great day.", "i had a great day")).toBe(true);
    expect(sameUtterance("I had a great day", "I had a great day today")).toBe(false);
  });
});

describe("phrase chunker", () => {
  it("cuts the first phrase at a clause and later ones at sentence ends", () => {
    const c = new PhraseChunker();
    const out = ["Oh nice, that sounds ", "really fun. Tell me ", "more about it, ", "what happened next? "].flatMap((t) => c.push(t));
    expect(out).toEqual(["Oh nice, that sounds really fun.", "Tell me more about it, what happened next?"]);
    expect(c.flush()).toEqual([]);
  });
  it("does not split decimals or abbreviations and strips markdown", () => {
    const c = new PhraseChunker();
    const out = [...c.push("**Dr. Smith** said 3.5 "), ...c.push("is fine. "), ...c.flush()];
    expect(out).toEqual(["Dr. Smith said 3.5 is fine."]);
  });
  it("flushes the rest at the end of the stream", () => {
    const c = new PhraseChunker();
    expect([...c.push("See you"), ...c.flush()]).toEqual(["See you"]);
  });
});

describe("heard text", () => {
  const chars = [..."Hello there, my friend."].map((ch, i) => ({ ch, startMs: i * 50 }));
  it("keeps what played, cut back to a whole word", () => {
    expect(heardText(chars, 0)).toBe("");
    expect(heardText(chars, 50 * 9)).toBe("Hello"); // stopped inside "there"
    expect(heardText(chars, 50 * 12)).toBe("Hello there,");
    expect(heardText(chars, 100_000)).toBe("Hello there, my friend.");
  });
});
