// What the conversation needs from the outside world, as small interfaces: the Durable
// Object wires real providers in; unit tests wire fakes.
import type { ChatDelta, ChatMessage, ToolSpec } from "../../core/providers/cerebras.ts";
import type { AlignedChar } from "./heard-text.ts";
import type { LineKind } from "../../core/persona-lines.ts";

export interface Llm {
  stream(messages: ChatMessage[], tools: ToolSpec[], signal: AbortSignal): AsyncIterable<ChatDelta>;
}

export interface TtsContextHandlers {
  onAudio(b64: string, chars: AlignedChar[]): void;
  onFinal(): void;
  onError(message: string): void;
}

export interface Tts {
  open(contextId: string, h: TtsContextHandlers): void;
  send(contextId: string, text: string, flush: boolean): void;
  close(contextId: string): void;
}

export interface Line {
  text: string;
  b64: string;
  chars: AlignedChar[];
}

export interface ToolResult {
  /** Told to the model as the tool's result. */
  content: string;
  /** What the call should do after the reply is spoken. */
  effect?: "end_call";
}

export interface Tools {
  specs(): ToolSpec[];
  run(name: string, argsJson: string): Promise<ToolResult>;
}

export interface TurnRecord {
  seq: number;
  speaker: "agent" | "caller";
  text: string;
  heardText: string | null;
  interrupted: boolean;
  startedAt: number;
  endedAt: number;
  sttFinalMs?: number;
  llmFirstTokenMs?: number;
  ttsFirstAudioMs?: number;
  overheadMs?: number;
  mouthToEarMs?: number;
}

export interface ConversationEvents {
  onTurn(t: TurnRecord): void;
  /** Caller words as they are recognised (for the live view). */
  onPartial(text: string): void;
  onUsage(u: { promptTokens?: number; completionTokens?: number; wastedTokens?: number; ttsChars?: number }): void;
  /** The conversation wants the call to end (after anything it said has played). */
  onHangup(reason: string): void;
  log(message: string): void;
}

export type Lines = (kind: LineKind | "greeting") => Line | undefined;
