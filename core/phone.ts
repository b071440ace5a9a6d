// Phone numbers as people type them → E.164, with the product's rules: only countries on the
// allow-list, only numbers that are really someone's phone (mobile, fixed line, VoIP), never
// premium-rate, shared-cost, toll-free or other ranges that cost the callee or enable fraud.
// Uses libphonenumber-js's full metadata, which is what knows number types.
import { getCountryCallingCode, parsePhoneNumberWithError, ParseError, type CountryCode, type NumberType } from "libphonenumber-js/max";

export type PhoneRuleError = "invalid_number" | "country_not_allowed" | "number_type_refused";

export type ParsedPhone = { ok: true; e164: string; country: string; type: NumberType } | { ok: false; code: PhoneRuleError; message: string };

/** Kinds a companion may ring; anything else (or an unknown type) is refused. */
const CALLABLE: ReadonlySet<NumberType> = new Set<NumberType>(["MOBILE", "FIXED_LINE", "FIXED_LINE_OR_MOBILE", "VOIP"]);

const TYPE_WORDS: Partial<Record<NonNullable<NumberType>, string>> = {
  PREMIUM_RATE: "a premium-rate number",
  SHARED_COST: "a shared-cost number",
  TOLL_FREE: "a toll-free number",
  UAN: "a company switchboard number",
  PAGER: "a pager",
  PERSONAL_NUMBER: "a personal forwarding number",
  VOICEMAIL: "a voicemail access number",
};

export function isCountryCode(c: string): c is CountryCode {
  try {
    getCountryCallingCode(c as CountryCode);
    return true;
  } catch {
    return false;
  }
}

export function callingCode(country: string): string | undefined {
  return isCountryCode(country) ? getCountryCallingCode(country) : undefined;
}

/**
 * Parse `input` (national format for `country`, or international with "+") and apply the
 * rules. The country that counts is the number's own (a +1 876 number is Jamaica's even when
 * "US" was picked).
 */
export function parsePhone(input: string, country: string, allowedCountries: readonly string[]): ParsedPhone {
  const trimmed = input.trim();
  if (!/^[+\d\s().\-]{4,40}$/.test(trimmed)) return { ok: false, code: "invalid_number", message: "Enter a phone number using digits (spaces, dashes and brackets are fine)." };
  if (!trimmed.startsWith("+") && !isCountryCode(country)) return { ok: false, code: "invalid_number", message: "Pick the number's country, or type it with its + country code." };
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(trimmed, isCountryCode(country) ? country : undefined);
  } catch (e) {
    const why = e instanceof ParseError ? e.message : "INVALID";
    return { ok: false, code: "invalid_number", message: why === "TOO_SHORT" ? "That number is too short." : why === "TOO_LONG" ? "That number is too long." : "That doesn't look like a phone number." };
  }
  if (!parsed.isValid()) return { ok: false, code: "invalid_number", message: "That isn't a valid phone number for its country." };
  const own = parsed.country;
  if (!own || !allowedCountries.includes(own)) {
    return { ok: false, code: "country_not_allowed", message: `Calls to ${own ? regionName(own) : "that country"} aren't available yet. Supported: ${allowedCountries.map(regionName).join(", ")}.` };
  }
  const type = parsed.getType();
  if (!type || !CALLABLE.has(type)) {
    return { ok: false, code: "number_type_refused", message: `That is ${(type && TYPE_WORDS[type]) ?? "not a personal phone number"}; enter a mobile or home number.` };
  }
  return { ok: true, e164: parsed.number, country: own, type };
}

export function regionName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "+1 ••• ••• 0123": enough to recognise one's own number in a list without exposing it. */
export function maskPhone(e164: string): string {
  const last = e164.slice(-4);
  return `${e164.slice(0, Math.min(3, e164.length - 4))}•••${last}`;
}
