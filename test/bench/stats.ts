/** Percentile of a list (nearest rank); NaN for an empty list. */
export function pct(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const round = (n: number, d = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : n);

export function table(rows: Array<[string, string | number, string?]>): string {
  const w = Math.max(...rows.map((r) => r[0].length));
  const v = Math.max(...rows.map((r) => String(r[1]).length));
  return rows.map(([k, val, note]) => `  ${k.padEnd(w)}  ${String(val).padStart(v)}${note ? `   ${note}` : ""}`).join("\n");
}
