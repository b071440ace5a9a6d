import { describe, expect, it } from "vitest";
import { Playback } from "../../../sim/twilio/playback.ts";

const audio = (frames: number, byte = 0x10) => new Uint8Array(frames * 160).fill(byte);

describe("twilio sim playback queue", () => {
  it("echoes a mark on the tick after the last audio before it finished playing", () => {
    const p = new Playback();
    p.enqueueAudio(audio(3));
    expect(p.enqueueMark("m", 0)).toEqual([]);
    const ticks = [0, 20, 40, 60].map((t) => p.tick(t));
    expect(ticks.map((t) => t.played?.audioBytes ?? 0)).toEqual([160, 160, 160, 0]);
    expect(ticks.map((t) => t.marks)).toEqual([[], [], [], ["m"]]);
  });

  it("echoes at once a mark with nothing queued, but not while the last frame still plays", () => {
    const p = new Playback();
    expect(p.enqueueMark("idle", 5)).toEqual(["idle"]);
    p.enqueueAudio(audio(1));
    p.tick(100);
    expect(p.enqueueMark("tail", 110)).toEqual([]);
    expect(p.tick(120).marks).toEqual(["tail"]);
  });

  it("plays odd-sized chunks as 160-byte frames, padding before a mark with silence", () => {
    const p = new Playback();
    p.enqueueAudio(new Uint8Array(100).fill(1));
    p.enqueueAudio(new Uint8Array(100).fill(2));
    p.enqueueMark("m", 0);
    const a = p.tick(0).played!;
    expect(a.audioBytes).toBe(160);
    expect(a.frame.slice(95, 105)).toEqual(new Uint8Array([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]));
    const b = p.tick(20).played!;
    expect(b.audioBytes).toBe(40);
    expect(b.frame[40]).toBe(0xff);
    expect(p.tick(40)).toEqual({ marks: ["m"] });
  });

  it("clear drops unplayed audio and returns every pending mark in order", () => {
    const p = new Playback();
    p.enqueueAudio(audio(5));
    p.enqueueMark("a", 0);
    p.enqueueAudio(audio(5));
    p.enqueueMark("b", 0);
    p.tick(0);
    expect(p.clear()).toEqual({ marks: ["a", "b"], droppedBytes: 9 * 160 });
    expect(p.pendingBytes).toBe(0);
    expect(p.tick(20)).toEqual({ marks: [] });
  });
});
