// Stripe's form encoding, parsed: nested objects as a[b][c]=v, arrays as a[0][b]=v (what
// stripe-node sends) or a[]=v (what curl users send). Empty-string values are kept: Stripe
// reads `metadata[k]=` as "unset k".

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

function path(key: string): string[] {
  const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(key);
  if (!m) return [key];
  const rest = [...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]);
  return [m[1], ...rest];
}

/** Objects whose keys are all array indices become arrays, in index order. */
function arrays(v: FormValue): FormValue {
  if (typeof v === "string" || Array.isArray(v)) return Array.isArray(v) ? v.map(arrays) : v;
  const keys = Object.keys(v);
  const out: FormObject = {};
  for (const k of keys) out[k] = arrays(v[k]);
  if (keys.length && keys.every((k) => /^\d+$/.test(k))) return keys.map(Number).sort((a, b) => a - b).map((i) => out[String(i)]);
  return out;
}

export function parseStripeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = path(key);
    let node: FormObject = root;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      let part = parts[i];
      if (part === "") part = String(Object.keys(node).length); // a[]=x appends
      if (last) {
        node[part] = value;
        break;
      }
      const next = node[part];
      if (typeof next !== "object" || Array.isArray(next)) node[part] = {};
      node = node[part] as FormObject;
    }
  }
  return arrays(root) as FormObject;
}

export const asString = (v: FormValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
export const asObject = (v: FormValue | undefined): FormObject | undefined => (v && typeof v === "object" && !Array.isArray(v) ? v : undefined);
export const asArray = (v: FormValue | undefined): FormValue[] | undefined => (Array.isArray(v) ? v : undefined);

/** Stripe's metadata: string values, "" removes the key. */
export function asMetadata(v: FormValue | undefined, base: Record<string, string> = {}): Record<string, string> {
  const out = { ...base };
  const o = asObject(v);
  if (o) for (const [k, val] of Object.entries(o)) if (typeof val === "string") val === "" ? delete out[k] : (out[k] = val);
  return out;
}
