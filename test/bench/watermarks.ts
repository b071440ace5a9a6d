// Reading the simulators' records for the benchmark: which watermarked frame went where, when.
import { fromBase64 } from "../../sim/audio/mulaw.ts";
import { StreamReader, type FrameMark } from "../../sim/audio/watermark.ts";

export interface SocketRecord {
  id: number;
  path: string;
  messages: Array<{ at: number; dir: "in" | "out"; data: string }>;
}

export interface FrameSeen {
  at: number;
  kind: number;
  id: number;
  index: number;
}

/** Watermarked frames inside base64 audio carried by JSON messages (Twilio media, ElevenLabs audio). */
export function framesIn(messages: SocketRecord["messages"], dir: "in" | "out", pick: (m: Record<string, unknown>) => string | undefined): FrameSeen[] {
  const reader = new StreamReader();
  const out: FrameSeen[] = [];
  for (const m of messages) {
    if (m.dir !== dir || !m.data.startsWith("{")) continue;
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(m.data) as Record<string, unknown>;
    } catch {
      continue;
    }
    const b64 = pick(j);
    if (!b64) continue;
    for (const f of reader.push(fromBase64(b64))) if (f.mark) out.push(mark(m.at, f.mark));
  }
  return out;
}

const mark = (at: number, m: FrameMark): FrameSeen => ({ at, kind: m.kind, id: m.id, index: m.index });

export const twilioMediaPayload = (j: Record<string, unknown>) => (j.event === "media" ? ((j.media as { payload?: string })?.payload ?? undefined) : undefined);
export const elevenLabsAudio = (j: Record<string, unknown>) => (typeof j.audio === "string" ? j.audio : undefined);
