// What the stand-in LLM reads from the product's system prompt: who it is playing, the
// caller's local time (docs/sim-contracts.md) and what it remembers about the caller.

export type Tone = "direct" | "warm" | "playful" | "neutral";

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, 24 h */
  time: string;
  zone?: string;
}

export interface PromptFacts {
  name: string;
  tone: Tone;
  localTime?: LocalTime;
  memories: string[];
}

// The seeded personas (docs product.md) keep their own manner even if a prompt is terse.
const KNOWN_TONES: Record<string, Tone> = { brad: "direct", sarah: "warm", alex: "playful" };

const TONE_WORDS: Array<[Tone, RegExp]> = [
  ["direct", /\b(direct|decisive|tough[- ]love|coach|accountab|no[- ]nonsense|blunt|bro)\w*/i],
  ["warm", /\b(warm|empath|gentle|patient|kind|caring|supportive|non-judgmental|listen)\w*/i],
  ["playful", /\b(creative|playful|energetic|enthusias|curious|fun|brainstorm|witty)\w*/i],
];

export function readPrompt(system: string): PromptFacts {
  const nameMatch = /\bYou are ([A-Z][\p{L}'-]*)/u.exec(system);
  const name = nameMatch && !["a", "an", "the", "An", "A", "The"].includes(nameMatch[1]) ? nameMatch[1] : "your companion";
  return { name, tone: toneOf(name, system), localTime: localTimeOf(system), memories: memoriesOf(system) };
}

function toneOf(name: string, system: string): Tone {
  const known = KNOWN_TONES[name.toLowerCase()];
  if (known) return known;
  let best: Tone = "neutral";
  let bestAt = Infinity;
  // The earliest tone word wins: persona descriptions lead with their defining trait.
  for (const [tone, re] of TONE_WORDS) {
    const m = re.exec(system);
    if (m && m.index < bestAt) {
      best = tone;
      bestAt = m.index;
    }
  }
  return best;
}

export function localTimeOf(text: string): LocalTime | undefined {
  const m = /Current local time:\s*(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2})?\s*(?:\(([^)]+)\))?/.exec(text);
  return m ? { date: m[1], time: m[2], zone: m[3]?.trim() } : undefined;
}

function memoriesOf(system: string): string[] {
  const lines = system.split(/\r?\n/);
  const start = lines.findIndex((l) => /What you remember about the caller:/i.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*[-*•]\s+(.+?)\s*$/.exec(line);
    if (m) out.push(m[1]);
    else if (line.trim() === "" && out.length === 0) continue;
    else break;
  }
  return out;
}
