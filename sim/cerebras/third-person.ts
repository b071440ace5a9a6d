// "I have a presentation on Friday" → "Caller has a presentation on Friday": how a summary
// restates what the caller said about themselves.

const MODALS = new Set(["can", "could", "will", "would", "should", "might", "must", "may", "can't", "won't", "wouldn't", "couldn't", "shouldn't"]);
const ADVERBS = new Set(["really", "also", "just", "usually", "always", "never", "often", "still", "actually", "sometimes", "finally", "totally", "absolutely"]);
const PAST = new Set(["was", "had", "did", "went", "got", "made", "took", "said", "saw", "felt", "thought", "told", "left", "came", "ran", "bought", "found", "gave", "knew", "met", "lost", "won", "began", "became", "used"]);
const IRREGULAR: Record<string, string> = { have: "has", am: "is", "'m": "is", do: "does", go: "goes", "don't": "doesn't", "'ve": "has", "'ll": "will", "'d": "would", be: "is" };

export function thirdPersonVerb(verb: string): string {
  const v = verb.toLowerCase();
  if (IRREGULAR[v]) return IRREGULAR[v];
  if (MODALS.has(v) || PAST.has(v) || v.endsWith("ed")) return v;
  if (/(s|sh|ch|x|z|o)$/.test(v)) return v + "es";
  if (/[^aeiou]y$/.test(v)) return v.slice(0, -1) + "ies";
  return v + "s";
}

const FILLER = /^(oh|well|so|yeah|yes|um|uh|actually|anyway|and|but|okay|ok)\b[,\s]*/i;

export function toThirdPerson(sentence: string, subject = "Caller"): string {
  let s = sentence.trim().replace(/[.!?]+$/, "").replace(/[’‘]/g, "'");
  while (FILLER.test(s)) s = s.replace(FILLER, "");
  const rest = (text: string) =>
    text
      .replace(/\bmy\b/gi, "their")
      .replace(/\bmine\b/gi, "theirs")
      .replace(/\bmyself\b/gi, "themselves")
      .replace(/\bme\b/gi, "them")
      .replace(/\bI'm\b/g, "they're")
      .replace(/\bI\b/g, "they");
  const m = /^I('m|'ve|'ll|'d|\s+(\S+))(.*)$/.exec(s);
  if (m) {
    if (m[1].startsWith("'")) return `${subject} ${IRREGULAR[m[1]]}${rest(m[3])}`;
    const words = [m[2]];
    let tail = m[3];
    // Adverbs keep their place; the verb after them takes the -s ("really likes").
    while (ADVERBS.has(words[words.length - 1].toLowerCase())) {
      const next = /^\s+(\S+)(.*)$/.exec(tail);
      if (!next) break;
      words.push(next[1]);
      tail = next[2];
    }
    words[words.length - 1] = thirdPersonVerb(words[words.length - 1]);
    return `${subject} ${words.join(" ")}${rest(tail)}`;
  }
  if (/^my\b/i.test(s)) return `${subject}'s${rest(s.slice(2))}`;
  return `${subject} mentioned that ${rest(s.charAt(0).toLowerCase() + s.slice(1))}`;
}
