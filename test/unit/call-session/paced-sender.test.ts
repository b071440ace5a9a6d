import { describe, expect, it } from "vitest";
import { PacedSender, PIECE_B64, type MediaSink } from "../../../durable-objects/call-session/paced-sender.ts";

function sink() {
  const log: Array<{ t: "media"; bytes: number } | { t: "mark"; name: string } | { t: "clear" }> = [];
  const s: MediaSink = {
    media: (p) => log.push({ t: "media", bytes: (p.length / 4) * 3 - (p.endsWith("==") ? 2 : p.endsWith("=") ? 1 : 0) }),
    mark: (name) => log.push({ t: "mark", name }),
    clear: () => log.push({ t: "clear" }),
  };
  return { s, log };
}

/** base64 of n bytes (content irrelevant). */
const audio = (bytes: number) => btoa(String.fromCharCode(...new Uint8Array(bytes).fill(0xff)));

describe("PacedSender", () => {
  it("keeps at most 300 ms ahead of the last echoed mark", () => {
    const { s, log } = sink();
    let now = 0;
    const p = new PacedSender(s, { now: () => now });
    p.open("r1");
    p.append("r1", audio(8000)); // 1 s
    const sent = () => log.filter((e) => e.t === "media").reduce((a, e) => a + (e.t === "media" ? e.bytes : 0), 0);
    expect(sent()).toBe(2400); // 5 pieces of 480 = 300 ms
    const marks = log.filter((e) => e.t === "mark").map((e) => (e.t === "mark" ? e.name : ""));
    now = 60;
    p.onMark(marks[0]);
    expect(sent()).toBe(2880);
  });

  it("pause clears Twilio, rewinds to what was heard, and resume replays from there", () => {
    const { s, log } = sink();
    let now = 0;
    const p = new PacedSender(s, { now: () => now });
    p.open("r1");
    p.append("r1", audio(4800));
    const mark = (i: number) => log.filter((e) => e.t === "mark")[i] as { name: string };
    now = 60;
    p.onMark(mark(0).name); // 480 heard
    now = 90; // +30 ms of the next piece playing
    p.pause();
    expect(log.at(-1)).toEqual({ t: "clear" });
    expect(p.heardBytes("r1")).toBe(480 + 240);
    // Echoes of the cleared marks must not count as heard.
    p.onMark(mark(3).name);
    expect(p.heardBytes("r1")).toBe(720);
    const before = log.length;
    p.resume();
    const resent = log.slice(before).filter((e) => e.t === "media");
    expect(resent.length).toBe(5); // from the piece being heard (480..960), 300 ms again
  });

  it("reports a track done only after its last byte played, then starts the next", () => {
    const { s, log } = sink();
    const done: string[] = [];
    const p = new PacedSender(s, {}, { onTrackDone: (id) => done.push(id) });
    p.open("a");
    p.append("a", audio(480));
    p.end("a");
    p.open("b");
    p.append("b", audio(480));
    expect(log.filter((e) => e.t === "media")).toHaveLength(1);
    p.onMark((log.find((e) => e.t === "mark") as { name: string }).name);
    expect(done).toEqual(["a"]);
    expect(log.filter((e) => e.t === "media")).toHaveLength(2);
  });

  it("slices base64 without decoding: pieces are 480 bytes", () => {
    expect(PIECE_B64).toBe(640);
    const { s, log } = sink();
    const p = new PacedSender(s, { aheadMs: 10_000 });
    p.open("x");
    p.append("x", audio(1000));
    expect(log.filter((e) => e.t === "media").map((e) => (e.t === "media" ? e.bytes : 0))).toEqual([480, 480, 40]);
  });

  it("dropping the playing track clears Twilio once", () => {
    const { s, log } = sink();
    const p = new PacedSender(s);
    p.open("x");
    p.append("x", audio(4800));
    p.drop("x");
    expect(log.filter((e) => e.t === "clear")).toHaveLength(1);
    expect(p.active).toBe(false);
  });
});
