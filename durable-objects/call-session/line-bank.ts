// The persona's fixed lines for this call, rendered (or fetched from the edge cache) while
// the phone rings, so each one plays the instant it is needed. The greeting goes first: it
// is the one line every call needs at once.
import type { Config } from "../../core/config.ts";
import { LINE_KINDS, personaLine, type LineKind } from "../../core/persona-lines.ts";
import { renderPhrase, type RenderedPhrase } from "./phrase-audio.ts";
import type { TtsVoice } from "./providers/elevenlabs.ts";
import type { Line } from "./ports.ts";

type Kind = LineKind | "greeting";

export class LineBank {
  private readonly lines = new Map<Kind, RenderedPhrase>();
  private readonly pending = new Map<Kind, Promise<void>>();
  private loading?: Promise<number>;

  /** Render every line; resolves to the characters billed (0 when all came from cache). */
  load(cfg: Config["elevenlabs"], voice: TtsVoice, personaId: string, greeting: string, log: (m: string) => void): Promise<number> {
    this.loading ??= (async () => {
      let billed = 0;
      const one = async (kind: Kind, text: string, attempts: number) => {
        for (let attempt = 0; attempt < attempts; attempt++) {
          try {
            const r = await renderPhrase(cfg, voice, text);
            this.lines.set(kind, r);
            billed += r.billedChars;
            return;
          } catch (e) {
            log(`could not render the ${kind} line: ${(e as Error).message}`);
          }
        }
      };
      this.pending.set("greeting", one("greeting", greeting, 2));
      for (const k of LINE_KINDS) this.pending.set(k, one(k, personaLine(personaId, k), 1));
      await Promise.all(this.pending.values());
      return billed;
    })();
    return this.loading;
  }

  /** Resolves once this line is rendered (or has failed to). */
  async ready(kind: Kind): Promise<void> {
    await this.pending.get(kind);
  }

  get(kind: Kind): Line | undefined {
    return this.lines.get(kind);
  }
}
