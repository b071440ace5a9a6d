import { listPhoneNumbers } from "$core/db/phone-numbers.ts";
import { api } from "$lib/server/api.ts";
import { requestDb } from "$lib/server/db.ts";
import { apiFailure, optionalText, text } from "$lib/server/forms.ts";
import type { Actions, PageServerLoad } from "./$types";

interface Country {
  code: string;
  name: string;
  callingCode: string;
}

function parseCountries(data: unknown): Country[] {
  if (typeof data !== "object" || data === null || !("countries" in data) || !Array.isArray(data.countries)) return [];
  return data.countries.filter(
    (c): c is Country => typeof c === "object" && c !== null && typeof c.code === "string" && typeof c.name === "string" && typeof c.callingCode === "string",
  );
}

/** The picker starts at the browser's region when it is on the list. */
function guessCountry(acceptLanguage: string | null, countries: Country[]): string {
  for (const part of (acceptLanguage ?? "").split(",")) {
    const region = /^[a-z]{2,3}-([A-Z]{2})/i.exec(part.trim())?.[1]?.toUpperCase();
    if (region && countries.some((c) => c.code === region)) return region;
  }
  return countries.some((c) => c.code === "US") ? "US" : (countries[0]?.code ?? "US");
}

export const load: PageServerLoad = async (event) => {
  const [numbers, countriesRes] = await Promise.all([listPhoneNumbers(requestDb(event), event.locals.user!.id), api(event).get("/phone-numbers/countries")]);
  const countries = countriesRes.ok ? parseCountries(countriesRes.data) : [];
  return {
    numbers: numbers.map((n) => ({ id: n.id, e164: n.e164, country: n.country, label: n.label, verified: n.verifiedAt !== null })),
    countries,
    defaultCountry: guessCountry(event.request.headers.get("accept-language"), countries),
  };
};

export const actions: Actions = {
  add: async (event) => {
    const data = await event.request.formData();
    const values = { number: text(data, "number"), country: text(data, "country"), label: text(data, "label") };
    const r = await api(event).post("/phone-numbers", { number: values.number, country: values.country || undefined, label: optionalText(data, "label") ?? null });
    if (!r.ok) return apiFailure(r, values);
    const added = typeof r.data === "object" && r.data !== null && "phoneNumber" in r.data && typeof r.data.phoneNumber === "object" && r.data.phoneNumber !== null && "id" in r.data.phoneNumber ? String(r.data.phoneNumber.id) : "";
    return { added, codeSent: typeof r.data === "object" && r.data !== null && "codeSent" in r.data && r.data.codeSent === true };
  },
  verify: async (event) => {
    const data = await event.request.formData();
    const id = text(data, "id");
    const r = await api(event).post(`/phone-numbers/${encodeURIComponent(id)}/verification/check`, { code: text(data, "code").trim() });
    if (!r.ok) return apiFailure(r, { id, code: text(data, "code") });
    return { verified: id };
  },
  resend: async (event) => {
    const id = text(await event.request.formData(), "id");
    const r = await api(event).post(`/phone-numbers/${encodeURIComponent(id)}/verification`);
    if (!r.ok) return apiFailure(r, { id });
    return { resent: id };
  },
  remove: async (event) => {
    const id = text(await event.request.formData(), "id");
    const r = await api(event).del(`/phone-numbers/${encodeURIComponent(id)}`);
    if (!r.ok) return apiFailure(r, { id });
    return { removed: id };
  },
};
