// Text that reaches a system prompt from outside the code — memory items and summaries the
// LLM wrote from a caller's words, people's own edits, user-written persona prompts, the
// caller's name — is untrusted. These functions keep it from passing itself off as a part
// of the prompt the product writes (the "What you remember" section, the local time, a
// tool result, a chat-template role) and keep contact details and orders to the model out
// of what a persona remembers. They are a second line: the tools are checked server-side.

// C0/C1 controls (newline and tab are handled by the callers), zero-width and bidi overrides.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** Headings the prompt assembly writes; text from outside must never contain them. */
const MARKERS =
  /\b(what you remember about (the|this) caller|summary of your last call|notes from your earlier calls|current local time|tools you may use|character notes from|tool (result|output|response)s?|function (result|output|response)s?)\b\s*:?/gi;
// Chat-template and role tokens: <|im_start|>, [INST], <system>, "assistant:" at a line start.
const TEMPLATE_TOKENS = /<\|[^|>\n]{0,40}\|>|\[\/?(inst|sys|system)\]|<\/?(system|assistant|user|tool|developer|instructions?)\s*>|<<\/?sys>>/gi;
const ROLE_PREFIX = /^\s*(#+\s*)?(system|assistant|developer|tool|function|user)\s*(message|prompt)?\s*:/gim;

const INSTRUCTIONS = [
  /\b(ignore|disregard|forget|override|bypass)\b[^.]{0,40}\b(instructions?|rules?|prompts?|guidelines|directions|restrictions)\b/i,
  /\b(system|developer|hidden|initial|original)\s+(prompt|message|instructions?)\b/i,
  /\b(new|updated|real|secret)\s+(instructions?|rules?|orders)\b/i,
  /\byou (are now|must now|will now|have been (re)?programmed)\b/i,
  /\b(jailbreak|developer mode|dan mode|act as (an? )?(admin|operator|system|developer))\b/i,
  /\b(end_call|extend_call|schedule_call|snooze_next_call|stop_schedule|add_credits|tool[_ ]calls?|function[_ ]calls?)\b/i,
  /\b(free|add|grant|give)\b[^.]{0,20}\b(credits?|minutes?)\b[^.]{0,20}\b(account|balance|free)\b/i,
];

// A leading "+" or nine digits make a phone number; dates (2026-07-17) and times stay.
const PHONE = /\+\d[\d\s().-]{5,}\d|\b\d[\d\s().-]{7,}\d\b/g;
const URL = /\b(https?:\/\/|www\.)\S+/gi;
const EMAIL = /\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g;

export function stripControls(s: string): string {
  return s.replace(/\r\n?/g, "\n").replace(CONTROLS, "");
}

/** One line of plain text: no controls, no line breaks, single spaces. */
export function oneLine(s: string): string {
  return stripControls(s).replace(/\s+/g, " ").trim();
}

export function hasMarkers(s: string): boolean {
  return new RegExp(MARKERS.source, "i").test(s) || new RegExp(TEMPLATE_TOKENS.source, "i").test(s) || new RegExp(ROLE_PREFIX.source, "im").test(s);
}

/** Replace prompt headings, template tokens and role prefixes with a visible stand-in. */
export function neutraliseMarkers(s: string): string {
  return s.replace(MARKERS, "[removed] ").replace(TEMPLATE_TOKENS, "[removed]").replace(ROLE_PREFIX, "[removed]:");
}

export function looksLikeInstructions(s: string): boolean {
  return INSTRUCTIONS.some((re) => re.test(s));
}

export function redactContacts(s: string): string {
  return s
    .replace(URL, "a link")
    .replace(EMAIL, "an email address")
    .replace(PHONE, (m) => (m.startsWith("+") || m.replace(/\D/g, "").length >= 9 ? "a phone number" : m));
}

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max - 1);
  return `${head.replace(/\s+\S*$/, "") || head}…`;
}

/**
 * A memory item as it may be stored and shown to the persona, or undefined when it is junk:
 * too short, an order to the model, or an attempt to mimic the prompt's own sections.
 */
export function cleanMemoryText(raw: string, maxChars: number): string | undefined {
  let s = oneLine(raw).replace(/^([-*•]|\d+[.)])\s+/, "");
  if (hasMarkers(s) || looksLikeInstructions(s)) return undefined;
  s = redactContacts(s);
  if ((s.match(/\p{L}/gu) ?? []).length < 6 || s.split(" ").length < 2) return undefined;
  return cut(s, maxChars);
}

/** A call summary for the next call's prompt: sentences that give orders are dropped. */
export function cleanSummary(raw: string, maxChars: number): string {
  const sentences = oneLine(raw)
    .split(/(?<=[.!?])\s+/)
    .filter((x) => x && !hasMarkers(x) && !looksLikeInstructions(x));
  return cut(redactContacts(sentences.join(" ")), maxChars);
}

/**
 * A user-written persona prompt keeps its lines (they carry its structure) but loses
 * anything that would read as one of the prompt's own sections or a chat role.
 */
export function cleanPersonaPrompt(raw: string): string {
  return neutraliseMarkers(stripControls(raw).replace(/\t/g, " ")).trim();
}

/** A name to say aloud: letters, spaces, apostrophes, hyphens and dots, nothing else. */
export function cleanCallerName(raw: string): string {
  const s = oneLine(raw);
  if (hasMarkers(s) || looksLikeInstructions(s)) return "";
  return s
    .replace(/[^\p{L}\p{M} .'-]/gu, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 60);
}
