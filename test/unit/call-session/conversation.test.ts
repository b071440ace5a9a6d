import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Conversation, type ConversationOptions } from "../../../durable-objects/call-session/conversation.ts";
import type { LineKind } from "../../../core/persona-lines.ts";
import { Caller } from "./caller.ts";
import { advance, FakeLlm, FakeTools, FakeTts, FakeTwilio, line, Recorder, type Script } from "./fakes.ts";

function setup(script: Script, opts: Partial<ConversationOptions> = {}) {
  const twilio = new FakeTwilio();
  const llm = new FakeLlm(script);
  const tts = new FakeTts();
  const tools = new FakeTools();
  const rec = new Recorder();
  const lines: Partial<Record<LineKind | "greeting", string>> = {
    greeting: "Hi, it's Sarah, an AI.",
    filler: "One sec.",
    apology: "Sorry, trouble on my end. Bye.",
    checkIn: "Still there?",
    goodbyeSilence: "Bye for now.",
    goodbyeTime: "That's our time. Bye!",
    timeWarningExtend: "About a minute left. Want five more minutes?",
    goodbye: "Bye!",
  };
  let caller!: Caller;
  const conv = new Conversation(
    {
      sink: twilio,
      llm,
      tts,
      tools,
      lines: (k) => (lines[k] ? line(lines[k]!) : undefined),
      events: rec,
      systemPrompt: () => "You are Sarah.",
      finalizeStt: () => caller.finalize(),
    },
    opts,
  );
  twilio.onMark = (n) => conv.onMark(n);
  caller = new Caller(conv);
  return { conv, twilio, llm, tts, tools, rec, caller, stop: () => (twilio.stop(), caller.stop(), conv.stop()) };
}

const lastUser = (m: { role: string; content?: unknown }[]) => [...m].reverse().find((x) => x.role === "user")?.content as string;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("conversation", () => {
  it("greets, then holds a five-turn conversation with the history intact", async () => {
    const t = setup((m) => ({ text: `You said ${lastUser(m)}. What else?` }));
    t.conv.start("greeting");
    await advance(2000);
    for (let i = 1; i <= 5; i++) {
      t.caller.say(`this is turn number ${i}`);
      await advance(8000);
    }
    const agent = t.rec.turns.filter((x) => x.speaker === "agent");
    const callerTurns = t.rec.turns.filter((x) => x.speaker === "caller");
    expect(callerTurns.map((x) => x.text)).toEqual([1, 2, 3, 4, 5].map((i) => `this is turn number ${i}`));
    expect(agent).toHaveLength(6);
    expect(agent[5].text).toBe("You said this is turn number 5. What else?");
    expect(agent.every((a) => !a.interrupted)).toBe(true);
    // The last request carried the whole conversation.
    const last = t.llm.requests.at(-1)!;
    expect(last.filter((m) => m.role === "user")).toHaveLength(5);
    expect(t.twilio.clears).toBe(0);
    t.stop();
  });

  it("is interrupted mid-sentence and keeps only what the caller heard", async () => {
    const long = "Let me tell you a long story about a dragon who lived in the mountains and loved to bake bread every single morning.";
    const t = setup((m) => ({ text: lastUser(m).includes("story") ? long : "Okay, stopping." }));
    t.conv.start("greeting");
    await advance(2000);
    t.caller.say("tell me a story");
    await advance(3500); // the reply is playing
    t.caller.say("wait stop");
    await advance(6000);
    const interrupted = t.rec.turns.find((x) => x.speaker === "agent" && x.interrupted)!;
    expect(interrupted).toBeDefined();
    expect(interrupted.text).toBe(long);
    expect(interrupted.heardText!.length).toBeGreaterThan(0);
    expect(long.startsWith(interrupted.heardText!)).toBe(true);
    expect(interrupted.heardText!.length).toBeLessThan(long.length);
    expect(t.twilio.clears).toBeGreaterThanOrEqual(1);
    const history = t.conv.history.map((m) => m.content);
    expect(history).toContain(`${interrupted.heardText}—`);
    expect(history).not.toContain(long);
    expect(t.rec.turns.filter((x) => x.speaker === "caller").at(-1)!.text).toBe("wait stop");
    t.stop();
  });

  it("lets a backchannel pass without interrupting the reply", async () => {
    const long = "Here is a fairly long answer that keeps going for a while so that you can say something over it.";
    const t = setup(() => ({ text: long }));
    t.conv.start("greeting");
    await advance(2000);
    t.caller.say("tell me something");
    await advance(3000);
    t.caller.say("uh-huh");
    await advance(9000);
    const agent = t.rec.turns.filter((x) => x.speaker === "agent");
    expect(agent.at(-1)!.text).toBe(long);
    expect(agent.some((a) => a.interrupted)).toBe(false);
    expect(t.rec.turns.filter((x) => x.speaker === "caller").map((x) => x.text)).toEqual(["tell me something"]);
    t.stop();
  });

  it("resumes after a false interruption (noise, no words)", async () => {
    const long = "This answer should survive a cough in the middle of it and finish all the way to the end.";
    const t = setup(() => ({ text: long }));
    t.conv.start("greeting");
    await advance(2000);
    t.caller.say("hello");
    await advance(2500);
    // 200 ms of sound that never becomes words.
    (t.caller as unknown as { words: string[] }).words = [];
    t.caller.say("");
    await advance(9000);
    const agent = t.rec.turns.filter((x) => x.speaker === "agent");
    expect(agent.at(-1)!.text).toBe(long);
    expect(agent.at(-1)!.interrupted).toBe(false);
    t.stop();
  });

  it("does not cut off an unfinished sentence", async () => {
    const t = setup((m) => ({ text: `Got it: ${lastUser(m)}` }));
    t.conv.start("greeting");
    await advance(2000);
    t.caller.say("I went to the store and");
    await advance(300 * 6 + 700); // a 700 ms pause after "and"
    t.caller.say("bought some apples");
    await advance(6000);
    const callerTurns = t.rec.turns.filter((x) => x.speaker === "caller").map((x) => x.text);
    expect(callerTurns).toEqual(["I went to the store and bought some apples"]);
    t.stop();
  });

  it("says a filler and retries when the model is slow, then apologises if it stays down", async () => {
    let n = 0;
    const t = setup(() => (++n <= 1 ? { text: "late", firstTokenMs: 5000 } : { text: "Here I am." }));
    t.conv.start("greeting");
    await advance(2000);
    t.caller.say("are you there");
    await advance(8000);
    const agent = t.rec.turns.filter((x) => x.speaker === "agent").map((x) => x.text);
    expect(agent).toContain("One sec.");
    expect(agent.at(-1)).toBe("Here I am.");
    t.stop();
  });

  it("retries a failed TTS context on a fresh one and finishes the reply", async () => {
    const t = setup(() => ({ text: "First sentence here. And a second one too." }));
    t.conv.start("greeting");
    await advance(2000);
    t.tts.failNext = true;
    t.caller.say("hello there");
    await advance(6000);
    const agent = t.rec.turns.filter((x) => x.speaker === "agent").at(-1)!;
    expect(agent.text).toBe("First sentence here. And a second one too.");
    expect(agent.interrupted).toBe(false);
    expect(t.rec.hangups).toEqual([]);
    expect(t.tts.opened.some((id) => id.includes("."))).toBe(true);
    t.stop();
  });

  it("checks in after 20 s of silence and hangs up 15 s later", async () => {
    const t = setup(() => ({ text: "hi" }));
    t.conv.start("greeting");
    await advance(2000 + 20_000 + 1000);
    expect(t.rec.turns.map((x) => x.text)).toContain("Still there?");
    await advance(16_000);
    expect(t.rec.hangups).toEqual(["silence"]);
    t.stop();
  });

  it("hangs up after the goodbye when the time is up", async () => {
    const t = setup(() => ({ text: "hi" }));
    t.conv.start("greeting");
    await advance(2000);
    t.conv.timeUp();
    await advance(3000);
    expect(t.rec.turns.at(-1)!.text).toBe("That's our time. Bye!");
    expect(t.rec.hangups).toEqual(["time_limit"]);
    t.stop();
  });

  it("ends the call when the caller says goodbye", async () => {
    const t = setup((m) => (lastUser(m) === "bye" ? { text: "Bye, take care!", tool: { name: "end_call", args: {} } } : { text: "ok" }));
    t.conv.start("greeting");
    await advance(2000);
    t.caller.say("bye");
    await advance(5000);
    expect(t.tools.calls.map((c) => c.name)).toEqual(["end_call"]);
    expect(t.rec.hangups).toEqual(["caller_goodbye"]);
    t.stop();
  });

  it("speculates on the words before the turn is confirmed and keeps a matching answer", async () => {
    const t = setup((m) => ({ text: `Reply to ${lastUser(m)}.` }));
    t.conv.start("greeting");
    await advance(2000);
    t.caller.say("what a day");
    await advance(5000);
    const agent = t.rec.turns.filter((x) => x.speaker === "agent").at(-1)!;
    expect(agent.text).toBe("Reply to what a day.");
    // One request: the speculative one was kept.
    expect(t.llm.requests.filter((r) => lastUser(r) === "what a day")).toHaveLength(1);
    t.stop();
  });
});
