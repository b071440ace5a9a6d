// Server → client messages of /v1/listen, in the exact shapes of the SDK's ListenV1* types.
import type { ResultsReason } from "./transcriber.ts";
import type { TimedWord } from "./words.ts";

export interface ResultsMessage {
  type: "Results";
  channel_index: number[];
  duration: number;
  start: number;
  is_final: boolean;
  speech_final: boolean;
  from_finalize: boolean;
  channel: {
    alternatives: Array<{
      transcript: string;
      confidence: number;
      words: Array<{ word: string; start: number; end: number; confidence: number; punctuated_word?: string }>;
    }>;
  };
  metadata: { request_id: string; model_uuid: string; model_info: { name: string; version: string; arch: string } };
}

export type ServerMessage =
  | ResultsMessage
  | { type: "SpeechStarted"; channel: number[]; timestamp: number }
  | { type: "UtteranceEnd"; channel: number[]; last_word_end: number }
  | { type: "Metadata"; transaction_key: string; request_id: string; sha256: string; created: string; duration: number; channels: number };

export interface ResultsContext {
  channels: number;
  punctuate: boolean;
  requestId: string;
  modelUuid: string;
  modelInfo: { name: string; version: string; arch: string };
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function resultsMessage(reason: ResultsReason, start: number, end: number, words: TimedWord[], c: ResultsContext): ResultsMessage {
  const transcript = words.map((w) => (c.punctuate ? w.punctuated : w.word)).join(" ");
  const confidence = words.length ? r3(words.reduce((s, w) => s + w.confidence, 0) / words.length) : 0;
  return {
    type: "Results",
    channel_index: [0, c.channels],
    duration: r3(end - start),
    start: r3(start),
    is_final: reason !== "interim",
    speech_final: reason === "endpoint",
    from_finalize: reason === "finalize",
    channel: {
      alternatives: [
        {
          transcript,
          confidence,
          words: words.map((w) => ({
            word: w.word,
            start: r3(w.start),
            end: r3(w.end),
            confidence: r3(w.confidence),
            ...(c.punctuate ? { punctuated_word: w.punctuated } : {}),
          })),
        },
      ],
    },
    metadata: { request_id: c.requestId, model_uuid: c.modelUuid, model_info: c.modelInfo },
  };
}
