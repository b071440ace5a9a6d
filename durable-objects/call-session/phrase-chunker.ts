// Turns a stream of LLM tokens into phrases to speak. The first phrase of a reply is cut as
// early as a clause allows (TTS can start ~10 tokens in); later ones at sentence ends, which
// sound better. Markdown a model may emit despite the prompt is stripped: it is never spoken.

export interface ChunkerOptions {
  /** First phrase: cut at a clause boundary once it has this many characters. */
  firstClauseMinChars: number;
  /** Later phrases: cut at a clause boundary only when this long without a sentence end. */
  clauseMaxChars: number;
}

const DEFAULTS: ChunkerOptions = { firstClauseMinChars: 16, clauseMaxChars: 140 };

const ABBREVIATIONS = /\b(mr|mrs|ms|dr|st|vs|etc|e\.g|i\.e|jr|sr|no|approx|mt)\.$/i;

export function cleanForSpeech(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*\*|__|[*_#>]/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*[-•]\s+/gm, "")
    .replace(/^\s*\d+\.\s+/gm, "")
    .replace(/[ \t]*\n+[ \t]*/g, " ")
    .replace(/ {2,}/g, " ");
}

export class PhraseChunker {
  private buf = "";
  private emitted = 0;
  private readonly opts: ChunkerOptions;

  constructor(opts: Partial<ChunkerOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Add streamed text; returns the phrases now complete. */
  push(token: string): string[] {
    this.buf += token;
    const out: string[] = [];
    for (;;) {
      const cut = this.findCut();
      if (cut < 0) break;
      const phrase = cleanForSpeech(this.buf.slice(0, cut)).trim();
      this.buf = this.buf.slice(cut).replace(/^\s+/, "");
      if (phrase) {
        out.push(phrase);
        this.emitted++;
      }
    }
    return out;
  }

  /** The rest, at the end of the stream. */
  flush(): string[] {
    const rest = cleanForSpeech(this.buf).trim();
    this.buf = "";
    if (!rest) return [];
    this.emitted++;
    return [rest];
  }

  private findCut(): number {
    const b = this.buf;
    // A sentence end needs the next character (a space) to know it is one: "3.5" is not.
    for (let i = 0; i < b.length - 1; i++) {
      const ch = b[i];
      if ((ch === "." || ch === "!" || ch === "?" || ch === "…") && /\s/.test(b[i + 1])) {
        if (ch === "." && ABBREVIATIONS.test(b.slice(Math.max(0, i - 6), i + 1))) continue;
        if (b.slice(0, i + 1).trim().length >= 2) return i + 1;
      }
    }
    const clauseMin = this.emitted === 0 ? this.opts.firstClauseMinChars : this.opts.clauseMaxChars;
    if (b.length >= clauseMin) {
      for (let i = b.length - 2; i >= clauseMin - 1; i--) {
        if ((b[i] === "," || b[i] === ";" || b[i] === ":" || b[i] === "—") && /\s/.test(b[i + 1])) return i + 1;
      }
    }
    return -1;
  }
}
