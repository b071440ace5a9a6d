// Free text the API stores: limits in characters (code points, as Postgres' char_length
// counts), never trimmed or normalised so it reads back byte for byte, and refused only when
// Postgres cannot store it faithfully (NUL, unpaired surrogates) — with a message, not a 500.
import { charCount, unstorableText } from "../core/personas/rules.ts";
import { z } from "./openapi.ts";

export function storedText(label: string, limits: { min: number; max: number }, opts: { blankOk?: boolean } = {}) {
  return z.string().superRefine((s, ctx) => {
    const bad = unstorableText(s);
    if (bad) return void ctx.addIssue({ code: "custom", message: `${label} ${bad}` });
    const n = charCount(s);
    if (n > limits.max) ctx.addIssue({ code: "custom", message: `${label} is limited to ${limits.max.toLocaleString("en-US")} characters (this one has ${n.toLocaleString("en-US")}).` });
    else if (n < limits.min || (!opts.blankOk && limits.min > 0 && !s.trim())) ctx.addIssue({ code: "custom", message: `${label} can't be empty.` });
  });
}
