// "Overhead": what our code adds between a provider event arriving and the message it causes,
// read from the simulators' own records (one clock, zero injected latency):
//  - inbound: a caller frame leaves the Twilio simulator → the same frame reaches Deepgram;
//  - reply: the first frame of each reply reaches Twilio − the later of (that frame leaving
//    ElevenLabs, the turn's final transcript leaving Deepgram): a reply can't go out before
//    both its audio exists and the turn is confirmed over, so the later one is what caused it.
import { control } from "../helpers/control.ts";
import type { Stack } from "../helpers/stack.ts";
import { elevenLabsAudio, framesIn, type SocketRecord } from "./watermarks.ts";

export interface Overhead {
  inbound: number[];
  reply: number[];
}

interface Metrics {
  replyFirstArrivals: Array<{ id: number; at: number }>;
  callerFramesSent: Array<{ id: number; index: number; at: number }>;
}

export async function overheadFromRecords(stack: Stack, callSid: string): Promise<Overhead> {
  const ctl = control(stack.sims.urls.control);
  const [call, elSockets, dgSockets, dgStreams] = await Promise.all([
    ctl.get<{ metrics: Metrics }>(`/twilio/calls?sid=${callSid}`),
    ctl.get<SocketRecord[]>("/elevenlabs/sockets"),
    ctl.get<SocketRecord[]>("/deepgram/sockets"),
    ctl.get<{ open: Array<{ frameLog: Array<{ at: number; id: number; index: number }> }>; closed: Array<{ frameLog: Array<{ at: number; id: number; index: number }> }> }>("/deepgram/streams"),
  ]);
  const m = call.metrics;

  const sent = new Map<string, number>();
  for (const f of m.callerFramesSent) sent.set(`${f.id}:${f.index}`, f.at);
  const inbound: number[] = [];
  for (const st of [...dgStreams.open, ...dgStreams.closed]) {
    for (const f of st.frameLog) {
      const t = sent.get(`${f.id}:${f.index}`);
      if (t !== undefined) inbound.push(f.at - t);
    }
  }

  // Only the first utterance of each context (one context = one reply): later ones wait for
  // Twilio's playback (pacing), which is not processing time.
  const elSent = new Map<number, number>();
  for (const s of elSockets) {
    const seenContexts = new Set<string>();
    for (const msg of s.messages) {
      if (msg.dir !== "out" || !msg.data.includes('"audio"')) continue;
      const ctx = /"context(?:Id|_id)":"([^"]+)"/.exec(msg.data)?.[1] ?? "";
      if (seenContexts.has(ctx)) continue;
      seenContexts.add(ctx);
      const first = framesIn([msg], "out", elevenLabsAudio).find((f) => f.kind === 2 && f.index === 0);
      if (first) elSent.set(first.id, first.at);
    }
  }
  const finals: number[] = [];
  for (const s of dgSockets) for (const msg of s.messages) if (msg.dir === "out" && msg.data.includes('"is_final":true') && !msg.data.includes('"transcript":""')) finals.push(msg.at);
  const reply: number[] = [];
  for (const { id, at } of m.replyFirstArrivals) {
    const el = elSent.get(id);
    if (el === undefined) continue; // a pre-rendered line, not a live reply
    let fin = 0;
    for (const t of finals) if (t <= at && t > fin) fin = t;
    reply.push(at - Math.max(el, fin));
  }
  return { inbound, reply };
}
