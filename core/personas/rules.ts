// What a persona may contain, stated once: the API enforces it and the editor shows it.
// Lengths count characters as people do (Unicode code points, so an emoji is one), matching
// Postgres' char_length checks. Any text is accepted and stored byte-exact except what
// Postgres cannot store faithfully: NUL, and unpaired UTF-16 surrogates.

export const PERSONA_LIMITS = {
  name: { min: 1, max: 60 },
  tagline: { min: 0, max: 140 },
  systemPrompt: { min: 1, max: 20_000 },
  firstMessage: { min: 1, max: 500 },
  temperature: { min: 0, max: 1.5 },
  /** Custom personas one account may have. */
  ownPersonas: 50,
} as const;

export const PERSONA_LANGUAGES: ReadonlyArray<{ code: string; name: string }> = [
  { code: "en", name: "English" },
  { code: "en-US", name: "English (US)" },
  { code: "en-GB", name: "English (UK)" },
  { code: "es", name: "Spanish" },
  { code: "fr", name: "French" },
  { code: "de", name: "German" },
  { code: "it", name: "Italian" },
  { code: "pt", name: "Portuguese" },
  { code: "nl", name: "Dutch" },
  { code: "sv", name: "Swedish" },
  { code: "he", name: "Hebrew" },
];

export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored exactly, or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  if (s.includes("\u0000")) return "must not contain the NUL character";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired surrogate (invalid Unicode)";
  return undefined;
}

/** A persona id for a new custom persona (the personas.id check: ^[a-z0-9_-]{3,64}$). */
export function newPersonaId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `p_${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
