// Everything this test process prints — console calls and raw stdout/stderr writes — kept as
// lines, so a test can assert what the product logged (the API worker runs in-process under
// wrangler, the web dev server's output is piped through here too).
import { format } from "node:util";

export interface LogCapture {
  lines: string[];
  stop(): void;
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const push = (text: string) => {
    for (const l of text.split(/\r?\n/)) if (l.trim()) lines.push(l);
  };
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const originals = methods.map((m) => console[m]);
  methods.forEach((m, i) => {
    console[m] = (...args: unknown[]) => {
      push(format(...args));
      originals[i].apply(console, args);
    };
  });
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const tap = (orig: typeof out): typeof out =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return (orig as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof out;
  process.stdout.write = tap(out);
  process.stderr.write = tap(err);
  return {
    lines,
    stop() {
      methods.forEach((m, i) => (console[m] = originals[i]));
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}
