// Time zones and wall clocks for tests and benchmarks that schedule real calls minutes ahead:
// a zone where it is daytime now keeps the calls inside the legal calling window.

/** A fixed-offset zone whose clock now reads between `from`:00 and `to`:59. */
export function daytimeZone(from = 10, to = 17): string {
  for (let h = -12; h <= 14; h++) {
    const zone = h === 0 ? "UTC" : `Etc/GMT${h > 0 ? "-" : "+"}${Math.abs(h)}`;
    const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", hourCycle: "h23" }).format(new Date()));
    if (hour >= from && hour <= to) return zone;
  }
  throw new Error("no daytime zone");
}

/** Date and time ("HH:MM", or "HH:MM:SS" with seconds) of an instant on a zone's wall clock. */
export function wallClock(ms: number, zone: string, seconds = false): { date: string; time: string } {
  const f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" as const } : {}), hourCycle: "h23" });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}${seconds ? `:${p.second}` : ""}` };
}
