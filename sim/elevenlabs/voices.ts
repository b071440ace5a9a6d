// The voice and model catalogue: ElevenLabs' premade voices (real ids and names, so code and
// settings written against the simulator keep working against the real service), each mapped
// to an eSpeak voice with its own pitch and pace so callers can tell them apart.
import type { EspeakVoice } from "./espeak.ts";

export interface SimVoice {
  voice_id: string;
  name: string;
  labels: Record<string, string>;
  description: string;
  espeak: EspeakVoice;
}

const v = (voice_id: string, name: string, gender: string, accent: string, age: string, description: string, use_case: string, espeak: EspeakVoice): SimVoice => ({
  voice_id,
  name,
  labels: { accent, description, age, gender, use_case },
  description,
  espeak,
});

export const VOICES: readonly SimVoice[] = [
  v("pNInz6obpgDQGcFmaJgB", "Adam", "male", "american", "middle_aged", "deep", "narration", { voice: "en-us+m3", pitch: 38, rate: 170 }),
  v("EXAVITQu4vr4xnSDxMaL", "Sarah", "female", "american", "young", "soft", "news", { voice: "en-us+f2", pitch: 55, rate: 172 }),
  v("21m00Tcm4TlvDq8ikWAM", "Rachel", "female", "american", "young", "calm", "narration", { voice: "en-us+f4", pitch: 60, rate: 168 }),
  v("ErXwobaYiN019PkySvjV", "Antoni", "male", "american", "young", "well-rounded", "narration", { voice: "en-us+m1", pitch: 50, rate: 178 }),
  v("JBFqnCBsd6RMkjVDRZzb", "George", "male", "british", "middle_aged", "warm", "narration", { voice: "en-gb-x-rp+m7", pitch: 42, rate: 165 }),
  v("onwK4e9ZLuTAKqWW03F9", "Daniel", "male", "british", "middle_aged", "deep", "news presenter", { voice: "en+m2", pitch: 32, rate: 172 }),
  v("XrExE9yKIg1WjnnlVkGX", "Matilda", "female", "american", "young", "warm", "audiobook", { voice: "en-us+f1", pitch: 62, rate: 170 }),
  v("IKne3meq5aSn9XLyUdCD", "Charlie", "male", "australian", "middle_aged", "casual", "conversational", { voice: "en-029+m4", pitch: 46, rate: 182 }),
  v("cgSgspJ2msm6clMCkdW9", "Jessica", "female", "american", "young", "expressive", "conversational", { voice: "en-us+f3", pitch: 68, rate: 180 }),
  v("XB0fDUnXU5powFXDhCwa", "Charlotte", "female", "swedish", "young", "seductive", "characters", { voice: "en+f5", pitch: 58, rate: 166 }),
];

const BY_ID = new Map(VOICES.map((x) => [x.voice_id, x]));

export function findVoice(id: string): SimVoice | undefined {
  return BY_ID.get(id);
}

export const DEFAULT_VOICE_SETTINGS = { stability: 0.5, similarity_boost: 0.75, style: 0, use_speaker_boost: true, speed: 1 };

/** GET /v1/voices item; `base` is this simulator's own URL so previews play locally. */
export function voiceJson(x: SimVoice, base: string) {
  return {
    voice_id: x.voice_id,
    name: x.name,
    samples: null,
    category: "premade",
    fine_tuning: { is_allowed_to_fine_tune: false, state: {}, verification_failures: [], verification_attempts_count: 0, manual_verification_requested: false },
    labels: x.labels,
    description: x.description,
    preview_url: `${base}/v1/voices/${x.voice_id}/preview`,
    available_for_tiers: [],
    settings: DEFAULT_VOICE_SETTINGS,
    sharing: null,
    high_quality_base_model_ids: MODELS.map((m) => m.model_id),
    verified_languages: [{ language: "en", model_id: "eleven_flash_v2_5", accent: x.labels.accent, locale: null, preview_url: null }],
    safety_control: null,
    voice_verification: { requires_verification: false, is_verified: false, verification_failures: [], verification_attempts_count: 0, language: null, verification_attempts: null },
    permission_on_resource: null,
    is_owner: false,
    is_legacy: false,
    is_mixed: false,
    created_at_unix: null,
  };
}

export interface SimModel {
  model_id: string;
  name: string;
  description: string;
  maximum_text_length_per_request: number;
}

export const MODELS: readonly SimModel[] = [
  { model_id: "eleven_flash_v2_5", name: "Eleven Flash v2.5", description: "Our ultra low latency model, 32 languages.", maximum_text_length_per_request: 40000 },
  { model_id: "eleven_turbo_v2_5", name: "Eleven Turbo v2.5", description: "High quality, low latency model, 32 languages.", maximum_text_length_per_request: 40000 },
  { model_id: "eleven_flash_v2", name: "Eleven Flash v2", description: "Ultra low latency model, English only.", maximum_text_length_per_request: 30000 },
  { model_id: "eleven_turbo_v2", name: "Eleven Turbo v2", description: "English-only low latency model.", maximum_text_length_per_request: 30000 },
  { model_id: "eleven_multilingual_v2", name: "Eleven Multilingual v2", description: "Our most life-like, emotionally rich model.", maximum_text_length_per_request: 10000 },
  { model_id: "eleven_v3", name: "Eleven v3", description: "Our most expressive model.", maximum_text_length_per_request: 5000 },
];

export function findModel(id: string): SimModel | undefined {
  return MODELS.find((m) => m.model_id === id);
}

export function modelJson(m: SimModel) {
  return {
    model_id: m.model_id,
    name: m.name,
    can_be_finetuned: false,
    can_do_text_to_speech: true,
    can_do_voice_conversion: false,
    can_use_style: m.model_id !== "eleven_flash_v2_5",
    can_use_speaker_boost: true,
    serves_pro_voices: false,
    token_cost_factor: 1,
    description: m.description,
    requires_alpha_access: false,
    max_characters_request_free_user: 2500,
    max_characters_request_subscribed_user: 5000,
    maximum_text_length_per_request: m.maximum_text_length_per_request,
    languages: [{ language_id: "en", name: "English" }],
    model_rates: { character_cost_multiplier: m.model_id.includes("flash") ? 0.5 : 1 },
    concurrency_group: m.model_id.includes("flash") || m.model_id.includes("turbo") ? "turbo" : "standard",
  };
}
