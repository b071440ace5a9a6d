// Lines a persona says at fixed moments, pre-rendered per voice so they play instantly.
// The system personas speak in character; custom personas get neutral wording.

export type LineKind = "goodbye" | "filler" | "apology" | "checkIn" | "timeWarning" | "timeWarningExtend" | "goodbyeTime" | "goodbyeSilence" | "reconnected";

const NEUTRAL: Record<LineKind, string> = {
  goodbye: "Okay, talk soon. Bye!",
  filler: "One sec…",
  apology: "Sorry, I'm having trouble on my end right now. Let's talk again soon. Bye for now.",
  checkIn: "Are you still there?",
  timeWarning: "Just so you know, we've got about a minute left.",
  timeWarningExtend: "Just so you know, we've got about a minute left. Want five more minutes?",
  goodbyeTime: "That's our time for today. It was really good talking with you. Bye for now!",
  goodbyeSilence: "It sounds like you've stepped away. I'll let you go. Bye for now!",
  reconnected: "Sorry, we got cut off for a second. I'm back.",
};

const BY_PERSONA: Record<string, Partial<Record<LineKind, string>>> = {
  brad_001: {
    filler: "Hold up, one sec…",
    checkIn: "Yo, you still there?",
    timeWarningExtend: "Heads up, man, about a minute left. Want five more minutes?",
    goodbyeTime: "That's time, man. Proud of you. Go crush it. Later!",
  },
  sarah_001: {
    filler: "Give me just a second…",
    checkIn: "Are you still with me?",
    goodbyeTime: "That's our time for today. Thank you for sharing with me. Take good care of yourself. Bye for now.",
  },
  alex_001: {
    filler: "Ooh, one sec…",
    checkIn: "Hello? Did I lose you?",
    goodbyeTime: "And that's time! Loved this. Go make something great. Bye!",
  },
};

export function personaLine(personaId: string, kind: LineKind): string {
  return BY_PERSONA[personaId]?.[kind] ?? NEUTRAL[kind];
}

export const LINE_KINDS: readonly LineKind[] = Object.keys(NEUTRAL) as LineKind[];
