import fc from "fast-check";
import { STATUS_COLORS } from "../../provider/client";

/**
 * The response schemas of the reference, written out by hand (independently of the io-ts codecs under test) so that
 * one description drives generation of valid models, decoration with unknown fields, mutation, and path checking.
 */
export type Shape =
  | { readonly kind: "int"; readonly arb: fc.Arbitrary<number> }
  | { readonly kind: "number"; readonly arb: fc.Arbitrary<number> }
  | { readonly kind: "string"; readonly arb: fc.Arbitrary<string> }
  | { readonly kind: "bool" }
  | { readonly kind: "array"; readonly of: Shape; readonly maxLength: number }
  | {
      readonly kind: "object";
      readonly required: Readonly<Record<string, Shape>>;
      readonly optional: Readonly<Record<string, Shape>>;
    };

const int = (arb: fc.Arbitrary<number>): Shape => ({ kind: "int", arb });
const str = (arb: fc.Arbitrary<string>): Shape => ({ kind: "string", arb });
const bool: Shape = { kind: "bool" };
const array = (of: Shape, maxLength: number): Shape => ({ kind: "array", of, maxLength });
const object = (required: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape => ({
  kind: "object",
  required,
  optional,
});

/** Names as users type them: any printable text, emoji and ZWJ sequences, right-to-left scripts, the empty string. */
export const nameArb = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ maxLength: 20 }),
  fc.constantFrom("Closed - won", "Воронка продаж 🚀", "عميل محتمل", "👩‍👩‍👧‍👦 Family", "e\u0301", "", " ", "漢字"),
);

const idArb = fc.oneof(fc.constantFrom(142, 143), fc.integer({ min: 1, max: 2_147_483_647 }), fc.maxSafeNat());
const sortArb = fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer());
const hexColor = fc.tuple(fc.integer({ min: 0, max: 0xffffff }), fc.boolean()).map(([n, upper]) => {
  const hex = `#${n.toString(16).padStart(6, "0")}`;
  return upper ? hex.toUpperCase() : hex;
});
/** Responses carry colors outside the palette (#c1c1c1 for system statuses, #CCFF66 ...): the codec must keep them. */
const colorArb = fc.oneof(
  fc.constantFrom(...STATUS_COLORS),
  fc.constantFrom("#c1c1c1", "#CCFF66", "#99ccff"),
  hexColor,
  fc.string(),
);
const requestIdArb = fc.oneof(fc.nat({ max: 300 }).map(String), fc.string({ maxLength: 12 }));

export const DESCRIPTION: Shape = object(
  { level: str(fc.oneof(fc.constantFrom("newbie", "candidate", "master"), fc.string())), description: str(nameArb) },
  { id: int(idArb) },
);

export const STATUS: Shape = object(
  {
    id: int(idArb),
    name: str(nameArb),
    sort: int(sortArb),
    is_editable: bool,
    pipeline_id: int(idArb),
    color: str(colorArb),
    type: int(fc.oneof(fc.constantFrom(0, 1), fc.integer())),
    account_id: int(idArb),
  },
  { request_id: str(requestIdArb), descriptions: array(DESCRIPTION, 2) },
);

export const PIPELINE: Shape = object(
  {
    id: int(idArb),
    name: str(nameArb),
    sort: int(sortArb),
    is_main: bool,
    is_unsorted_on: bool,
    is_archive: bool,
    account_id: int(idArb),
  },
  { request_id: str(requestIdArb), _embedded: object({}, { statuses: array(STATUS, 3) }) },
);

const SELF_LINKS = object({ self: object({ href: str(fc.webUrl()) }) });
const HAL_META = { _total_items: int(fc.nat({ max: 500 })), _links: SELF_LINKS };

export const PIPELINE_COLLECTION: Shape = object({ _embedded: object({ pipelines: array(PIPELINE, 3) }) }, HAL_META);
export const STATUS_COLLECTION: Shape = object({ _embedded: object({ statuses: array(STATUS, 4) }) }, HAL_META);

const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });

/** A value of the shape, with only its known keys. */
export function valueOf(shape: Shape): fc.Arbitrary<unknown> {
  switch (shape.kind) {
    case "int":
    case "number":
    case "string":
      return shape.arb;
    case "bool":
      return fc.boolean();
    case "array":
      return fc.array(valueOf(shape.of), { maxLength: shape.maxLength });
    case "object": {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of [...Object.entries(shape.required), ...Object.entries(shape.optional)])
        model[k] = valueOf(s);
      return fc.record(model, { requiredKeys: Object.keys(shape.required), noNullPrototype: true });
    }
  }
}

const knownKeys = (shape: Shape & { kind: "object" }) =>
  new Set([...Object.keys(shape.required), ...Object.keys(shape.optional)]);

const childShape = (shape: Shape & { kind: "object" }, key: string): Shape =>
  shape.required[key] ?? shape.optional[key];

/** Unknown fields, including names that are special to JavaScript objects or known at another level. */
function extrasArb(known: ReadonlySet<string>): fc.Arbitrary<Record<string, unknown>> {
  const key = fc
    .oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom(
        "_links",
        "_embedded",
        "_page",
        "__proto__",
        "constructor",
        "toString",
        "hasOwnProperty",
        "id",
        "request_id",
        "status_id",
      ),
    )
    .filter((k) => !known.has(k));
  return fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3, noNullPrototype: true });
}

/** Adds unknown fields at every object level of a valid value; known fields keep their values. */
export function decorate(shape: Shape, value: unknown): fc.Arbitrary<unknown> {
  if (shape.kind === "array") {
    return fc.tuple(...(value as unknown[]).map((v) => decorate(shape.of, v)));
  }
  if (shape.kind === "object") {
    const o = value as Record<string, unknown>;
    const children = Object.keys(o).map((k) => decorate(childShape(shape, k), o[k]).map((d) => [k, d] as const));
    // Object.fromEntries and spread define own properties, so an unknown "__proto__" stays a plain field.
    return fc
      .tuple(extrasArb(knownKeys(shape)), fc.tuple(...children))
      .map(([extras, kids]) => ({ ...extras, ...Object.fromEntries(kids) }));
  }
  return fc.constant(value);
}

/** What a value looks like after a trip through JSON, as every response body does. */
export const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** A valid model and the same model as it could come over the wire: with unknown fields everywhere, through JSON. */
export function modelArb(shape: Shape): fc.Arbitrary<{ clean: unknown; wire: unknown }> {
  return valueOf(shape).chain((clean) =>
    decorate(shape, clean).map((decorated) => ({ clean: viaJson(clean), wire: viaJson(decorated) })),
  );
}

export type Segment = string | number;

export interface FieldNode {
  readonly path: readonly Segment[];
  readonly shape: Shape;
  /** A required field of an object: removing it must be rejected. Array elements and optional fields may go. */
  readonly removable: boolean;
}

/** Every field and array element present in a clean value, with its shape. */
export function fieldsOf(shape: Shape, value: unknown, path: readonly Segment[] = []): FieldNode[] {
  if (shape.kind === "array") {
    return (value as unknown[]).flatMap((v, i) => [
      { path: [...path, i], shape: shape.of, removable: false },
      ...fieldsOf(shape.of, v, [...path, i]),
    ]);
  }
  if (shape.kind === "object") {
    return Object.keys(value as object).flatMap((k) => {
      const s = childShape(shape, k);
      return [
        { path: [...path, k], shape: s, removable: k in shape.required },
        ...fieldsOf(s, (value as Record<string, unknown>)[k], [...path, k]),
      ];
    });
  }
  return [];
}

/** True when `path` names a place the schema knows: the only paths a decode failure may report. */
export function isSchemaPath(shape: Shape, path: string): boolean {
  if (path === "(root)") return true;
  let s: Shape | undefined = shape;
  for (const seg of path.split(".")) {
    if (!s) return false;
    if (s.kind === "array") {
      if (!/^(0|[1-9]\d*)$/.test(seg)) return false;
      s = s.of;
    } else if (s.kind === "object") {
      if (!knownKeys(s).has(seg)) return false;
      s = childShape(s, seg);
    } else {
      return false;
    }
  }
  return true;
}

const jsonObject = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), {
  maxKeys: 3,
  noNullPrototype: true,
});
const jsonArray = fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 });

/** A JSON value of any type but the one the shape asks for. */
export function wrongTypeArb(shape: Shape): fc.Arbitrary<unknown> {
  const string = fc.oneof(fc.string(), fc.constantFrom("1", "true", "null", "[]"));
  const number = fc.oneof(fc.integer(), finiteDouble);
  const common = [fc.constant(null), jsonObject, jsonArray] as fc.Arbitrary<unknown>[];
  switch (shape.kind) {
    case "int":
    case "number":
      return fc.oneof(string, fc.boolean(), ...common);
    case "string":
      return fc.oneof(number, fc.boolean(), ...common);
    case "bool":
      return fc.oneof(fc.constantFrom(0, 1), fc.constantFrom("true", "false", ""), ...common);
    case "array":
      return fc.oneof(string, number, fc.boolean(), fc.constant(null), jsonObject);
    case "object":
      return fc.oneof(string, number, fc.boolean(), fc.constant(null), jsonArray);
  }
}

/** A number that is not an integer and stays so through JSON. */
export const fractionalArb = fc
  .oneof(
    fc
      .tuple(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.constantFrom(0.5, 0.25, 0.1, 0.999, 1e-6))
      .map(([n, f]) => n + f),
    fc.double({ min: -1e9, max: 1e9, noNaN: true }),
  )
  .filter((x) => !Number.isInteger(x));

export type Mutation =
  | { readonly kind: "remove"; readonly path: readonly Segment[] }
  | { readonly kind: "replace"; readonly path: readonly Segment[]; readonly value: unknown; readonly why: string };

/** The mutations that must make a field invalid: removal (required fields), a wrong type, a fraction for an integer. */
export function mutationArb(node: FieldNode): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = [
    wrongTypeArb(node.shape).map((value) => ({ kind: "replace" as const, path: node.path, value, why: "wrong type" })),
  ];
  if (node.removable) options.push(fc.constant({ kind: "remove" as const, path: node.path }));
  if (node.shape.kind === "int") {
    options.push(fractionalArb.map((value) => ({ kind: "replace" as const, path: node.path, value, why: "fraction" })));
  }
  return fc.oneof(...options);
}

/** Applies mutations to a deep copy, through JSON again so the result is exactly what a server could send. */
export function applyMutations(value: unknown, mutations: readonly Mutation[]): unknown {
  const copy = viaJson(value);
  for (const m of mutations) {
    let parent = copy as Record<Segment, unknown>;
    for (const seg of m.path.slice(0, -1)) parent = parent[seg] as Record<Segment, unknown>;
    const last = m.path[m.path.length - 1];
    if (m.kind === "remove") delete parent[last];
    else parent[last] = m.value;
  }
  return viaJson(copy);
}

export const pathText = (path: readonly Segment[]) => path.join(".");

/** Neither path is the other or inside it: two mutations there are independent. */
export const disjoint = (a: readonly Segment[], b: readonly Segment[]) => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (String(a[i]) !== String(b[i])) return true;
  return false;
};

/** A realistic bearer token: a JWT, three base64url segments that start and end with an alphanumeric. */
export const jwtArb = fc
  .array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{6,40}[A-Za-z0-9]$/), { minLength: 3, maxLength: 3 })
  .map((parts) => parts.join("."));
