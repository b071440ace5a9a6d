// The persona's fixed lines for this call, rendered (or fetched from the edge cache) while
// the phone rings, so each one plays the instant it is needed.
import type { Config } from "../../core/config.ts";
import { LINE_KINDS, personaLine, type LineKind } from "../../core/persona-lines.ts";
import { renderPhrase, type RenderedPhrase } from "./phrase-audio.ts";
import type { TtsVoice } from "./providers/elevenlabs.ts";
import type { Line } from "./ports.ts";

export class LineBank {
  private readonly lines = new Map<LineKind | "greeting", RenderedPhrase>();
  private loading?: Promise<number>;

  /** Render every line; resolves to the characters billed (0 when all came from cache). */
  load(cfg: Config["elevenlabs"], voice: TtsVoice, personaId: string, greeting: string, log: (m: string) => void): Promise<number> {
    this.loading ??= (async () => {
      const wanted: Array<[LineKind | "greeting", string]> = [["greeting", greeting], ...LINE_KINDS.map((k): [LineKind, string] => [k, personaLine(personaId, k)])];
      let billed = 0;
      await Promise.all(
        wanted.map(async ([kind, text]) => {
          // The greeting matters most: one retry before giving up on it.
          for (let attempt = 0; attempt < (kind === "greeting" ? 2 : 1); attempt++) {
            try {
              const r = await renderPhrase(cfg, voice, text);
              this.lines.set(kind, r);
              billed += r.billedChars;
              return;
            } catch (e) {
              log(`could not render the ${kind} line: ${(e as Error).message}`);
            }
          }
        }),
      );
      return billed;
    })();
    return this.loading;
  }

  get(kind: LineKind | "greeting"): Line | undefined {
    return this.lines.get(kind);
  }
}
