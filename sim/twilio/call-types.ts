// What the simulator keeps about each call: the parameters of the create request, the
// lifecycle, the media streams, and the measurements the benchmark reads back. All times are
// Date.now() milliseconds of the simulator's process (one clock for every measurement).

export type CallStatus = "queued" | "initiated" | "ringing" | "in-progress" | "completed" | "busy" | "no-answer" | "failed" | "canceled";
export const TERMINAL: readonly CallStatus[] = ["completed", "busy", "no-answer", "failed", "canceled"];

export type StatusEvent = "initiated" | "ringing" | "answered" | "completed";
export type AnsweredBy = "human" | "machine_start" | "machine_end_beep" | "unknown";

export type TwimlSource = { url: string; method: string } | { twiml: string };

export interface CallParams {
  to: string;
  from: string;
  source: TwimlSource;
  fallbackUrl?: string;
  fallbackMethod: string;
  statusCallback?: string;
  statusCallbackMethod: string;
  statusCallbackEvents: StatusEvent[];
  /** Ring seconds before no-answer. */
  timeout: number;
  /** Max seconds from answer. */
  timeLimit: number;
  machineDetection?: "Enable" | "DetectMessageEnd";
  asyncAmd: boolean;
  asyncAmdStatusCallback?: string;
  asyncAmdStatusCallbackMethod: string;
}

export interface SayMetric {
  id: number;
  text: string;
  /** Queued by the handset. */
  requestedAt: number;
  /** First speech frame leaves the caller's mouth / last one ends (tick + 20 ms). */
  startAt?: number;
  endAt?: number;
  /** First / last speech frame written to the product's socket (after the inbound latency). */
  sentStartAt?: number;
  sentEndAt?: number;
  /** First reply frame (watermark kind 2) heard after endAt, and which reply it was. */
  firstReplyHeardAt?: number;
  replyId?: number;
  mouthToEarMs?: number;
}

export interface HeardUtterance {
  id: number;
  firstAt: number;
  lastAt: number;
  frames: number;
  text?: string;
}

export interface ClearMetric {
  at: number;
  streamSid: string;
  droppedBytes: number;
  marksEchoed: string[];
  /** Reply utterance that was playing when the clear arrived. */
  interruptedId?: number;
}

export interface LateFrame {
  id: number;
  index: number;
  lateByMs: number;
  at: number;
}

export interface CallMetrics {
  streamStartAt?: number;
  says: SayMetric[];
  clears: ClearMetric[];
  heard: HeardUtterance[];
  outboundFramesPlayed: number;
  lateFrames: number;
  lateFrameSamples: LateFrame[];
  staleAfterClearMs: number;
  inboundFramesSent: number;
  inboundSpeechFramesSent: number;
  /** For latency benchmarks: when each reply utterance's first frame arrived from the product… */
  replyFirstArrivals: Array<{ id: number; at: number }>;
  /** …and when each watermarked caller frame was sent to it (bounded). */
  callerFramesSent: Array<{ id: number; index: number; at: number }>;
}

export interface Rejected {
  at: number;
  reason: string;
  data: string;
}

export interface StreamInfo {
  streamSid: string;
  url: string;
  name?: string;
  customParameters: Record<string, string>;
  /** Opened by the "second stream" scenario rather than by TwiML. */
  extra: boolean;
  openedAt: number;
  connectedAt?: number;
  startAt?: number;
  stopSentAt?: number;
  closedAt?: number;
  closedBy?: "server" | "sim" | "error";
  closeCode?: number;
  closeReason?: string;
  error?: string;
  mediaSent: number;
  mediaReceived: number;
  bytesReceived: number;
  marksReceived: string[];
  marksEchoed: string[];
  clears: number;
  dtmfSent: string[];
  rejected: Rejected[];
}

export interface CallEvent {
  at: number;
  what: string;
  detail?: string;
}
