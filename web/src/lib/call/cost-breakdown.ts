// What a call cost us, by provider, from its usage rows (core/usage-cost.ts wrote them).
import type { UsageRow } from "../../../../core/db/call-records.ts";

export interface ProviderCost {
  provider: string;
  label: string;
  detail: string;
  costMicrousd: number;
}

const LABELS: Record<string, string> = { twilio: "Phone line (Twilio)", deepgram: "Speech recognition (Deepgram)", cerebras: "Language model (Cerebras)", elevenlabs: "Voice (ElevenLabs)" };

const UNITS: Record<string, (q: number) => string> = {
  second: (q) => `${Math.round(q)} s`,
  audio_second: (q) => `${Math.round(q)} s of audio`,
  prompt_token: (q) => `${Math.round(q).toLocaleString("en-US")} prompt tokens`,
  completion_token: (q) => `${Math.round(q).toLocaleString("en-US")} reply tokens`,
  wasted_token: (q) => `${Math.round(q).toLocaleString("en-US")} discarded tokens`,
  character: (q) => `${Math.round(q).toLocaleString("en-US")} characters`,
};

export function costByProvider(usage: UsageRow[]): { rows: ProviderCost[]; totalMicrousd: number } {
  const by = new Map<string, ProviderCost>();
  for (const u of usage) {
    const row = by.get(u.provider) ?? { provider: u.provider, label: LABELS[u.provider] ?? u.provider, detail: "", costMicrousd: 0 };
    const part = (UNITS[u.unit] ?? ((q: number) => `${q} ${u.unit}`))(u.quantity);
    row.detail = row.detail ? `${row.detail}, ${part}` : part;
    row.costMicrousd += u.costMicrousd;
    by.set(u.provider, row);
  }
  const rows = [...by.values()].sort((a, b) => b.costMicrousd - a.costMicrousd);
  return { rows, totalMicrousd: rows.reduce((a, r) => a + r.costMicrousd, 0) };
}
