// What the softphone UI drives: a web call's media stream or the test phone's handset.
export type LineState = "idle" | "connecting" | "ringing" | "live" | "ended";

export interface SoftphoneLine {
  readonly state: LineState;
  readonly muted: boolean;
  /** The other side's audio is playing. */
  readonly hearing: boolean;
  /** Typed words are being sent. */
  readonly sending: boolean;
  readonly micAvailable: boolean;
  readonly error: string | null;
  readonly detail: string;
  setMuted(muted: boolean): void;
  say(text: string, simulatedVoice: boolean): Promise<void>;
  hangUp(): void;
  answer?(): void;
  decline?(): void;
}
