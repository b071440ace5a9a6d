// Utterance texts learned by any socket of this simulator. A reconnecting client may replay
// only the last few frames of an utterance — fewer than the watermark needs to spell its whole
// text — so a new socket recognises the utterance from the fragments it did see, checked
// byte for byte against what an earlier socket learned.
import type { FrameMark } from "../audio/watermark.ts";

const MAX_TEXTS = 2000;
const encoder = new TextEncoder();

export class TextMemory {
  private texts = new Map<string, Uint8Array[]>();
  private count = 0;

  remember(id: number, text: string): void {
    const bytes = encoder.encode(text);
    const key = `${id}:${bytes.length}`;
    const list = this.texts.get(key) ?? [];
    if (list.some((b) => equal(b, bytes))) return;
    list.push(bytes);
    this.texts.set(key, list);
    if (++this.count > MAX_TEXTS) {
      const oldest = this.texts.keys().next().value;
      if (oldest !== undefined) {
        this.count -= this.texts.get(oldest)?.length ?? 0;
        this.texts.delete(oldest);
      }
    }
  }

  /** The one remembered text consistent with every fragment seen, if exactly one is. */
  recall(id: number, marks: readonly FrameMark[]): string | undefined {
    if (!marks.length) return undefined;
    const len = marks[0].textLength;
    const fits = (this.texts.get(`${id}:${len}`) ?? []).filter((b) => marks.every((m) => m.chunk.every((c, i) => b[(m.offset + i) % len] === c)));
    return fits.length === 1 ? new TextDecoder().decode(fits[0]) : undefined;
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
