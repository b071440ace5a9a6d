// How the memory page names the kinds of things a companion remembers.
const LABELS: Record<string, string> = { fact: "Fact", plan: "Plan", follow_up: "Something to ask about", preference: "Preference" };

export const kindLabel = (kind: string): string => LABELS[kind] ?? kind;
