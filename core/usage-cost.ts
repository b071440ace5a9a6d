// A call's provider usage, priced with the unit costs from the price list.
import type { UsageRow } from "./db/call-records.ts";
import { UNIT_COSTS_MICROUSD as C } from "./pricing.ts";

export interface UsageTotals {
  twilioSeconds: number;
  audioSeconds: number;
  promptTokens: number;
  completionTokens: number;
  wastedTokens: number;
  ttsChars: number;
}

export function usageRows(u: UsageTotals): UsageRow[] {
  const rows: UsageRow[] = [
    { provider: "twilio", unit: "second", quantity: u.twilioSeconds, costMicrousd: u.twilioSeconds * C.twilio.second },
    { provider: "deepgram", unit: "audio_second", quantity: u.audioSeconds, costMicrousd: u.audioSeconds * C.deepgram.audio_second },
    { provider: "cerebras", unit: "prompt_token", quantity: u.promptTokens, costMicrousd: u.promptTokens * C.cerebras.prompt_token },
    { provider: "cerebras", unit: "completion_token", quantity: u.completionTokens, costMicrousd: u.completionTokens * C.cerebras.completion_token },
    // Speculative replies that lost: already inside the prompt/completion counts, listed so
    // the waste is visible, priced at 0 so it is not paid twice.
    { provider: "cerebras", unit: "wasted_token", quantity: u.wastedTokens, costMicrousd: 0 },
    { provider: "elevenlabs", unit: "character", quantity: u.ttsChars, costMicrousd: u.ttsChars * C.elevenlabs.character },
  ];
  return rows.map((r) => ({ ...r, costMicrousd: Math.round(r.costMicrousd) }));
}
