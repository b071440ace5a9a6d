// Which wall clock the legal calling window is read on. The rule: a number whose country has
// one time zone is read in that zone; in a country with several (US, CA, AU, ...) the number
// alone doesn't say which, so the schedule's own zone is used — it is where the person said
// they want the call. Anything unknown falls back to the schedule's zone too.

const SINGLE_ZONE: Record<string, string> = {
  GB: "Europe/London",
  IE: "Europe/Dublin",
  DE: "Europe/Berlin",
  FR: "Europe/Paris",
  IT: "Europe/Rome",
  NL: "Europe/Amsterdam",
  BE: "Europe/Brussels",
  AT: "Europe/Vienna",
  CH: "Europe/Zurich",
  SE: "Europe/Stockholm",
  NO: "Europe/Oslo",
  DK: "Europe/Copenhagen",
  FI: "Europe/Helsinki",
  IL: "Asia/Jerusalem",
  // The Chatham Islands (+64 3 305) are too few to read every NZ number elsewhere.
  NZ: "Pacific/Auckland",
  PL: "Europe/Warsaw",
  CZ: "Europe/Prague",
  GR: "Europe/Athens",
  JP: "Asia/Tokyo",
  SG: "Asia/Singapore",
  IN: "Asia/Kolkata",
  ZA: "Africa/Johannesburg",
};

export interface CalleeZone {
  zone: string;
  /** Where it came from, for the explanation shown to the user. */
  source: "number" | "schedule";
}

export function calleeZone(country: string | null | undefined, scheduleZone: string): CalleeZone {
  const z = country ? SINGLE_ZONE[country.toUpperCase()] : undefined;
  return z ? { zone: z, source: "number" } : { zone: scheduleZone, source: "schedule" };
}
