// Walking /api/openapi.json in tests: every route, and request bodies made from each route's
// own JSON Schema — one valid example (`sample`), or fast-check arbitraries that are mostly
// valid and full of awkward text (`arbitrary`). Hints pin fields by name (ids of the test's
// own resources) so generated bodies reach past validation into the handlers.
import fc from "fast-check";

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  op: Operation;
  params: string[];
  body?: JsonSchema;
}

export const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function fetchOpenApi(baseUrl: string): Promise<OpenApiDoc> {
  const r = await fetch(`${baseUrl}/api/openapi.json`);
  if (!r.ok) throw new Error(`openapi.json → ${r.status}: ${await r.text()}`);
  return (await r.json()) as OpenApiDoc;
}

export function routes(doc: OpenApiDoc): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase();
      if (!["GET", "POST", "PUT", "PATCH", "DELETE"].includes(method)) continue;
      out.push({ method: method as Route["method"], path, op, params: [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]), body: op.requestBody?.content?.["application/json"]?.schema });
    }
  }
  return out;
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (values[k] === undefined) throw new Error(`no value for {${k}} in ${path}`);
    return encodeURIComponent(values[k]);
  });
}

function resolve(s: JsonSchema, doc: OpenApiDoc): JsonSchema {
  if (!s.$ref) return s;
  const name = s.$ref.split("/").pop()!;
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${s.$ref}`);
  return resolve(target, doc);
}

const types = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

export type Hints = Record<string, fc.Arbitrary<unknown>>;

/** Text that has broken other apps: quotes, "!", backslashes, braces, emoji, RTL, control characters. */
export const awkwardText = fc.oneof(
  fc.constantFrom(`! " \\ { } 😀 שלום`, `'; drop table users; --`, `{{7*7}} \${x} %s %n`, "مرحبا بالعالم", "a\r\nb\tc", "👩‍👩‍👧‍👦🏳️‍🌈", "\u200f\u202eevil", "\\u0000", "<script>alert(1)</script>", " leading and trailing "),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);

function stringArb(s: JsonSchema, name: string): fc.Arbitrary<unknown> {
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
  if (s.format === "uuid") return fc.uuid();
  if (s.format === "date-time") return fc.date({ min: new Date("2020-01-01"), max: new Date("2035-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === "date" || /date$/i.test(name) || name === "start") return fc.date({ min: new Date("2024-01-01"), max: new Date("2032-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const max = s.maxLength ?? 200;
  const min = s.minLength ?? 0;
  return fc.oneof(
    { weight: 4, arbitrary: awkwardText.filter((t) => t.length >= min && t.length <= max) },
    { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 300) }) },
  );
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 100_000);
  return integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.oneof(fc.double({ min, max, noNaN: true }), fc.integer({ min: Math.ceil(min), max: Math.floor(max) }).map((n) => n / 100));
}

/** Values that satisfy `s` (mostly: patterns and formats are honoured, semantics aren't). */
export function arbitrary(schema: JsonSchema, doc: OpenApiDoc, hints: Hints = {}, name = ""): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  if (name && hints[name]) return hints[name];
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.oneOf ?? s.anyOf;
  if (alts) return fc.oneof(...alts.map((a) => arbitrary(a, doc, hints, name)));
  const t = types(s);
  const nullable = t.includes("null");
  let arb: fc.Arbitrary<unknown>;
  if (t.includes("object") || s.properties) {
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(props)) model[k] = arbitrary(v, doc, hints, k);
    arb = fc.record(model, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
  } else if (t.includes("array")) {
    arb = fc.array(arbitrary(s.items ?? {}, doc, hints, name), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 10) });
  } else if (t.includes("string")) arb = stringArb(s, name);
  else if (t.includes("integer")) arb = numberArb(s, true);
  else if (t.includes("number")) arb = numberArb(s, false);
  else if (t.includes("boolean")) arb = fc.boolean();
  else arb = fc.jsonValue();
  return nullable ? fc.option(arb, { nil: null, freq: 5 }) : arb;
}

/** One valid example (the first of a seeded run). */
export function sample(schema: JsonSchema, doc: OpenApiDoc, hints: Hints = {}): unknown {
  return fc.sample(arbitrary(schema, doc, hints), { seed: 42, numRuns: 1 })[0];
}

/**
 * The smallest body a route accepts: required fields only (generated), plus every optional
 * field that has a hint. Free of random optional fields whose meaning a schema can't state.
 */
export function minimalSample(schema: JsonSchema, doc: OpenApiDoc, hints: Hints = {}): unknown {
  const s = resolve(schema, doc);
  if (!s.properties) return sample(s, doc, hints);
  const required = new Set(s.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.properties)) {
    if (hints[k]) out[k] = fc.sample(hints[k], { seed: 42, numRuns: 1 })[0];
    else if (required.has(k)) out[k] = minimalSample(v, doc, hints);
  }
  return out;
}

/** Free-text fields of a body schema: strings with no enum, pattern or format (what must round-trip). */
export function freeTextFields(schema: JsonSchema | undefined, doc: OpenApiDoc): string[] {
  if (!schema) return [];
  const s = resolve(schema, doc);
  return Object.entries(s.properties ?? {})
    .filter(([, v]) => {
      const r = resolve(v, doc);
      return types(r).includes("string") && !r.enum && !r.pattern && !r.format;
    })
    .map(([k]) => k);
}
