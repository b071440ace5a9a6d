// The persona's words for an ordinary turn: short by default (an acknowledgement and one
// question), several sentences when the caller asks for more, a story when asked for one.
import { followUpQuestion } from "./follow-up.ts";
import type { PromptFacts } from "./prompt.ts";
import { VOICES, pick } from "./voice.ts";

const STOP = new Set(
  "about above after again also always am and any are around away back be been being but can could did do does doing done dont down for from get got had has have having her here hers him his how i im ive its just know like little lot me more most much my myself need not now of off okay on once only or other our out over really right said say see she should so some still such than that thats the their them then there these they thing things think this those through to today too very want was way we well went were what when where which while who why will with would yeah yes you your youre going maybe kind pretty feel feeling felt been lately".split(
    " ",
  ),
);

/** The word the caller leaned on, to echo back ("When you say exhausting, …"). */
export function topicOf(text: string): string | undefined {
  const words = text
    .toLowerCase()
    .replace(/[^a-z' -]/g, " ")
    .split(/\s+/)
    .map((w) => w.replace(/'/g, ""))
    .filter((w) => w.length >= 5 && !STOP.has(w));
  return words.sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
}

export interface Turn {
  facts: PromptFacts;
  /** The caller's last words ("" before the caller has spoken). */
  userText: string;
  /** How many caller turns the conversation holds, this one included. */
  userTurns: number;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function composeReply(turn: Turn): string {
  const { facts, userText, userTurns } = turn;
  const v = VOICES[facts.tone];
  const t = userText.toLowerCase();
  const seed = `${facts.name}|${userTurns}|${userText}`;
  const followUp = userTurns === 1 ? followUpQuestion(facts.memories, facts.localTime) : undefined;

  if (!userText.trim()) {
    return `${pick(v.greet, seed)} It's ${facts.name}, your AI companion from Call Me Back. ${followUp ?? "How are you doing today?"}`;
  }
  if (/\b(are you|is this) (an? )?(ai|a\.i\.|robot|bot|real person|human|machine|computer)\b/.test(t)) {
    return `${v.aiDisclosure} ${pick(v.ask, seed)}`;
  }
  if (/\bstory\b/.test(t)) return v.story.join(" ");
  if (/\b(tell me more|explain|elaborate|go on|in detail|more detail|what do you mean|why is that|how so)\b|^why\b/.test(t)) {
    const first = v.more.indexOf(pick(v.more, seed));
    const three = [0, 1, 2].map((i) => v.more[(first + i) % v.more.length]);
    return `${pick(v.ack, seed)} ${three.join(" ")} ${pick(v.ask, seed, "more")}`;
  }
  const greeting = /^(hi|hello|hey|hiya|yo|good (morning|afternoon|evening))\b/.test(t) && t.split(/\s+/).length <= 6;
  if (followUp) return `${greeting ? pick(v.greet, seed) : pick(v.ack, seed)} ${followUp}`;
  if (/\bhow are you\b|\bhow's it going\b|\bhow are things\b/.test(t)) return v.howAreYou;
  if (greeting) return `${pick(v.greet, seed)} How are you doing today?`;
  const topic = topicOf(userText);
  // Echo the caller's own word about half the time, as a listener does.
  if (topic && pick([true, false], seed, "topic")) {
    const q = pick(v.askTopic, seed, "q");
    return `${pick(v.ack, seed)} ${q.replace("{Topic}", capital(topic)).replace("{topic}", topic)}`;
  }
  return `${pick(v.ack, seed)} ${pick(v.ask, seed, "q")}`;
}

export function goodbyeReply(facts: PromptFacts): string {
  return VOICES[facts.tone].bye;
}
