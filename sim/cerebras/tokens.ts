// A stand-in tokenizer: pieces of up to four characters with their leading space, about four
// characters per token like real BPE on English. Streaming and usage use the same pieces, so
// completion_tokens always equals the number of pieces sent (or hidden).
import type { ChatRequest } from "./wire.ts";

export function tokenize(text: string): string[] {
  return text.match(/\s*\S{1,4}|\s+/g) ?? [];
}

export const countTokens = (text: string): number => tokenize(text).length;

/** Prompt tokens: content, tool calls and tool definitions, plus a few per message for the template. */
export function promptTokens(req: ChatRequest): number {
  let n = 3;
  for (const m of req.messages) {
    n += 4 + countTokens(m.content);
    if (m.role === "assistant") for (const c of m.toolCalls) n += countTokens(c.name) + countTokens(c.arguments) + 3;
  }
  for (const t of req.tools) n += countTokens(JSON.stringify(t)) + 2;
  return n;
}
