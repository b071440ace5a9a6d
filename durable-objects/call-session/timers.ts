/** clearTimeout that accepts "no timer" (Workers' typing insists on number | null). */
export function cancel(t: ReturnType<typeof setTimeout> | undefined): void {
  if (t !== undefined) clearTimeout(t);
}
