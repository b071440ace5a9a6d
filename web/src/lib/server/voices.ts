// The voice list for pages (it lives at ElevenLabs, not in Neon): fetched through the API.
import type { RequestEvent } from "@sveltejs/kit";
import { api } from "./api.ts";

export interface VoiceOption {
  voiceId: string;
  name: string;
  description: string;
  labels: Record<string, string>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The voices, or an error message to show (the page still renders). */
export async function loadVoices(event: Pick<RequestEvent, "locals" | "platform" | "cookies" | "request">): Promise<{ voices: VoiceOption[]; voicesError: string | null }> {
  const r = await api(event).get("/voices");
  if (!r.ok) return { voices: [], voicesError: r.message };
  const list = isRecord(r.data) && Array.isArray(r.data.voices) ? r.data.voices : [];
  const voices: VoiceOption[] = [];
  for (const v of list) {
    if (!isRecord(v) || typeof v.voiceId !== "string" || typeof v.name !== "string") continue;
    const labels: Record<string, string> = {};
    if (isRecord(v.labels)) for (const [k, x] of Object.entries(v.labels)) if (typeof x === "string") labels[k] = x;
    voices.push({ voiceId: v.voiceId, name: v.name, description: typeof v.description === "string" ? v.description : "", labels });
  }
  return { voices, voicesError: null };
}
