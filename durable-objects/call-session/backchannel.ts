// What a caller says while listening that is not a request to talk: "uh-huh", "yeah",
// "okay". These must not interrupt the persona.

const BACKCHANNELS = new Set([
  "uh huh", "uhhuh", "mhm", "mm hmm", "mmhmm", "mm", "hmm", "hm", "mm mm",
  "yeah", "yea", "yep", "yup", "yes", "ya",
  "ok", "okay", "k", "alright", "all right",
  "right", "sure", "true", "exactly", "totally", "definitely", "absolutely",
  "i see", "got it", "gotcha", "cool", "nice", "great", "wow", "oh", "ah", "aha", "uh", "um", "oh wow", "oh nice", "oh okay", "oh yeah", "yeah yeah", "okay okay", "right right",
]);

export function normalizeUtterance(text: string): string {
  return text
    .toLowerCase()
    .replace(/[-‐]/g, " ")
    .replace(/[^\p{L}\p{N}\s']/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** True when everything said is backchannel ("yeah, uh-huh"), and it is short. */
export function isBackchannel(text: string): boolean {
  const n = normalizeUtterance(text);
  if (!n) return false;
  if (BACKCHANNELS.has(n)) return true;
  const words = n.split(" ");
  if (words.length > 4) return false;
  // "yeah okay", "uh huh yeah": split greedily into known pieces.
  let i = 0;
  while (i < words.length) {
    const two = words.slice(i, i + 2).join(" ");
    if (i + 1 < words.length && BACKCHANNELS.has(two)) i += 2;
    else if (BACKCHANNELS.has(words[i])) i += 1;
    else return false;
  }
  return true;
}

/** Could this (still growing) transcript become a backchannel? Used before the final words arrive. */
export function mayBeBackchannel(text: string): boolean {
  const n = normalizeUtterance(text);
  if (!n) return true;
  if (isBackchannel(n)) return true;
  for (const b of BACKCHANNELS) if (b.startsWith(n)) return true;
  return false;
}
