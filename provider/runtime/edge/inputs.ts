import * as E from "fp-ts/Either";
import * as t from "io-ts";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { DESCRIPTION_LEVELS, DescriptionLevel, STATUS_COLORS, StatusColor } from "../../client/codecs/status";

/** A check failure as `check` returns it to the engine: the property, and what is wrong with it. */
export interface Failure {
  property: string;
  reason: string;
}

/** Preview hands this marker for any input not known yet, whatever the input's declared type. */
export const Unknown = t.literal(unknownValue);
export const isUnknown = (v: unknown): boolean => v === unknownValue;

/** The one combinator for values preview may not know yet: the marker passes wherever the value would. */
export const unknownOr = <C extends t.Mixed>(codec: C) => t.union([Unknown, codec], codec.name);

/** A codec whose failure carries the sentence the user reads; `reason` says what is wrong, or nothing. */
function rule<A>(name: string, reason: (u: unknown) => string | undefined): t.Type<A, A> {
  const is = (u: unknown): u is A => reason(u) === undefined;
  return new t.Type<A, A>(
    name,
    is,
    (u, c) => {
      const why = u === undefined ? "is required" : reason(u);
      return why === undefined ? t.success(u as A) : t.failure(u, c, why);
    },
    t.identity,
  );
}

const shown = (u: unknown): string => (u === undefined || typeof u === "function" ? String(u) : JSON.stringify(u));
/** Kommo counts characters, and an emoji is one character to it, so length is measured in code points. */
const codePoints = (s: string) => Array.from(s).length;

export const NonEmptyString = rule<string>("NonEmptyString", (u) =>
  typeof u !== "string" ? `must be a string, got ${typeof u}` : u.trim() === "" ? "must not be empty" : undefined,
);

export const SortNumber = rule<number>("SortNumber", (u) =>
  typeof u !== "number" || !Number.isInteger(u)
    ? `must be a whole number, got ${shown(u)}`
    : u < 0
      ? `must not be negative, got ${u}`
      : undefined,
);

export const Flag = rule<boolean>("Flag", (u) =>
  typeof u === "boolean" ? undefined : `must be true or false, got ${shown(u)}`,
);

export const KommoId = rule<number>("KommoId", (u) =>
  typeof u === "number" && Number.isSafeInteger(u) && u > 0
    ? undefined
    : `must be a Kommo id (a positive whole number), got ${shown(u)}`,
);

/** A pipeline id as the engine may hand it: a number, or its digits as a string. */
export const PipelineIdInput = rule<number | string>("PipelineIdInput", (u) =>
  (typeof u === "number" || (typeof u === "string" && /^\d+$/.test(u))) &&
  Number(u) > 0 &&
  Number.isSafeInteger(Number(u))
    ? undefined
    : `must be the id of a Kommo pipeline (a positive whole number, e.g. pipeline.pipelineId), got ${shown(u)}`,
);

/** The palette codec of the client, in any letter case: Kommo's own colors are lower case and sent that way. */
export const ColorInput = rule<string>("StatusColor", (u) =>
  typeof u === "string" && StatusColor.is(u.toLowerCase())
    ? undefined
    : `${shown(u)} is not in Kommo's palette; use one of ${STATUS_COLORS.join(", ")}`,
);

export const LevelInput = rule<DescriptionLevel>("DescriptionLevel", (u) =>
  DescriptionLevel.is(u) ? undefined : `must be one of ${DESCRIPTION_LEVELS.join(", ")}, got ${shown(u)}`,
);

export const DescriptionText = rule<string>("DescriptionText", (u) => {
  const base = NonEmptyString.validate(u, []);
  if (E.isLeft(base)) return base.left[0]?.message;
  const n = codePoints(base.right);
  return n > 1000 ? `is ${n} characters; the limit is 1000` : undefined;
});

/** An object of exactly these properties: a misspelt one is named, never dropped. */
function closed<R extends t.Props, O extends t.Props>(name: string, what: string, required: R, optional: O) {
  const shape = t.intersection([t.type(required), t.partial(optional)]);
  const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
  return new t.Type<t.TypeOf<typeof shape>, t.TypeOf<typeof shape>>(
    name,
    shape.is,
    (u, c) => {
      if (typeof u !== "object" || u === null || Array.isArray(u)) return t.failure(u, c, `must be ${what}`);
      const extra: t.ValidationError[] = Object.entries(u as Record<string, unknown>)
        .filter(([key, v]) => !known.has(key) && key !== "__provider" && v !== undefined && !isUnknown(v))
        .map(([key, v]) => ({
          value: v,
          context: [...c, { key, type: t.unknown, actual: v }],
          message: "is not a property here",
        }));
      const decoded = shape.validate(u, [...c, { key: "", type: shape, actual: u }]);
      if (extra.length === 0) return decoded;
      return t.failures([...extra, ...(E.isLeft(decoded) ? decoded.left : [])]);
    },
    t.identity,
  );
}

/** A list whose items are checked one by one, then together by `whole`, which names the items at fault. */
function list<C extends t.Mixed>(
  name: string,
  item: C,
  whole: (items: unknown[]) => { at: (string | number)[]; reason: string }[],
) {
  const items = t.array(unknownOr(item));
  return new t.Type<t.TypeOf<typeof items>, t.TypeOf<typeof items>>(
    name,
    items.is,
    (u, c) => {
      if (!Array.isArray(u)) return t.failure(u, c, u === undefined ? "is required" : "must be a list");
      const inner = [...c, { key: "", type: items, actual: u }];
      const decoded = items.validate(u, inner);
      const found: t.ValidationError[] = whole(u).map(({ at, reason }) => ({
        value: u,
        context: [...inner, ...at.map((key) => ({ key: String(key), type: t.unknown, actual: undefined }))],
        message: reason,
      }));
      if (found.length === 0) return decoded;
      return t.failures([...found, ...(E.isLeft(decoded) ? decoded.left : [])]);
    },
    t.identity,
  );
}

/** Items whose `key(item)` an earlier item already has: the later one is named, at `field`. */
function repeats(
  items: unknown[],
  key: (item: Record<string, unknown>) => unknown,
  field: (item: Record<string, unknown>) => string,
  said: (value: string, first: number) => string,
) {
  const seen = new Map<string, number>();
  return items.flatMap((item, i) => {
    if (typeof item !== "object" || item === null) return [];
    const value = key(item as Record<string, unknown>);
    if (typeof value !== "string" || isUnknown(value)) return [];
    const first = seen.get(value);
    if (first === undefined) {
      seen.set(value, i);
      return [];
    }
    return [{ at: [i, field(item as Record<string, unknown>)], reason: said(value, first) }];
  });
}

export const StatusDescriptionInput = closed(
  "StatusDescriptionInput",
  "{level, description}",
  {
    level: unknownOr(LevelInput),
    description: unknownOr(DescriptionText),
  },
  {},
);

export const StatusDescriptions = list("StatusDescriptions", StatusDescriptionInput, (items) => [
  ...(items.length > 3 ? [{ at: [], reason: `at most 3 descriptions (one per level), got ${items.length}` }] : []),
  ...repeats(
    items,
    (d) => d.level,
    () => "level",
    (level) => `"${level}" is given twice; each level may have one description`,
  ),
]);

const AdoptShape = closed(
  "Adopt",
  "{ id } or { name }",
  {},
  { id: unknownOr(KommoId), name: unknownOr(NonEmptyString) },
);

/** `{ id }` or `{ name }`: exactly one of the two. */
export const Adopt = new t.Type<t.TypeOf<typeof AdoptShape>, t.TypeOf<typeof AdoptShape>>(
  "Adopt",
  AdoptShape.is,
  (u, c) => {
    const shape = AdoptShape.validate(u, c);
    if (E.isLeft(shape)) return shape;
    const a = shape.right;
    return (a.id === undefined) === (a.name === undefined)
      ? t.failure(u, c, "must give exactly one of id and name")
      : shape;
  },
  t.identity,
);

/** Kommo keeps at most 100 statuses in a pipeline, its three system statuses included. */
export const MAX_STAGES = 97;

export const StageInput = closed(
  "StageInput",
  "{ key?, name, color?, descriptions? }",
  { name: unknownOr(NonEmptyString) },
  {
    key: unknownOr(NonEmptyString),
    color: unknownOr(ColorInput),
    descriptions: unknownOr(StatusDescriptions),
  },
);

export const StageList = list("StageList", StageInput, (items) => [
  ...(items.length === 0
    ? [
        {
          at: [],
          reason:
            "must hold at least one stage: Kommo refuses a pipeline without a regular stage. Leave statuses out to manage the stages as Status resources.",
        },
      ]
    : []),
  ...(items.length > MAX_STAGES
    ? [{ at: [], reason: `Kommo keeps at most ${MAX_STAGES} regular stages, got ${items.length}` }]
    : []),
  ...repeats(
    items,
    (st) => st.key ?? st.name,
    (st) => (st.key !== undefined ? "key" : "name"),
    (key, first) => `"${key}" is also the key of statuses[${first}]; give each stage its own key`,
  ),
]);

export const PipelineInputs = closed(
  "PipelineInputs",
  "the properties of a Pipeline",
  {
    name: unknownOr(NonEmptyString),
    sort: unknownOr(SortNumber),
  },
  {
    adopt: unknownOr(Adopt),
    isMain: unknownOr(Flag),
    isUnsortedOn: unknownOr(Flag),
    wonStatusName: unknownOr(NonEmptyString),
    lostStatusName: unknownOr(NonEmptyString),
    statuses: unknownOr(StageList),
  },
);

export const StatusInputs = closed(
  "StatusInputs",
  "the properties of a Status",
  {
    pipelineId: unknownOr(PipelineIdInput),
    name: unknownOr(NonEmptyString),
    sort: unknownOr(SortNumber),
  },
  {
    adopt: unknownOr(Adopt),
    color: unknownOr(ColorInput),
    descriptions: unknownOr(StatusDescriptions),
  },
);

/**
 * A property path as users write it (`statuses[1].descriptions[0].level`), from io-ts's context: the branch
 * indexes of unions and intersections are codec plumbing, not properties.
 */
function pathOf(context: t.Context): string {
  let out = "";
  context.forEach((entry, i) => {
    const parent = context[i - 1]?.type;
    if (entry.key === "" || parent instanceof t.UnionType || parent instanceof t.IntersectionType) return;
    out += parent instanceof t.ArrayType ? `[${entry.key}]` : `${out === "" ? "" : "."}${entry.key}`;
  });
  return out;
}

/**
 * Checks inputs with a codec and reports each failure once, on the property at fault. An input that is one of
 * several union members fails each member; only the deepest sentence is kept, which is the one about the value.
 */
export function failuresOf(codec: t.Decoder<unknown, unknown> & { readonly name: string }, inputs: unknown): Failure[] {
  const decoded = codec.validate(inputs, [{ key: "", type: codec as t.Decoder<unknown, unknown>, actual: inputs }]);
  if (E.isRight(decoded)) return [];
  const byPath = new Map<string, string>();
  for (const error of decoded.left) {
    const property = pathOf(error.context);
    const reason = error.message ?? `must be ${error.context[error.context.length - 1]?.type.name ?? "valid"}`;
    // The marker literal's own failure ("must be the unknown marker") says nothing to a user.
    if (error.context[error.context.length - 1]?.type === Unknown) continue;
    if (!byPath.has(property)) byPath.set(property, reason);
  }
  return [...byPath].map(([property, reason]) => ({ property, reason }));
}
