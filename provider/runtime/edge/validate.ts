import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { DESCRIPTION_LEVELS, DescriptionLevel, STATUS_COLORS, StatusColor } from "../../client/codecs/status";

export interface Failure {
  property: string;
  reason: string;
}

/** Preview hands this marker for any input not known yet, whatever the input's declared type. */
export const isUnknown = (v: unknown): boolean => v === unknownValue;

type Check = (value: unknown, property: string) => Failure[];

const fail = (property: string, reason: string): Failure[] => [{ property, reason }];

/** Kommo counts characters, and an emoji is one character to it, so length is measured in code points. */
const codePoints = (s: string) => [...s].length;

export const nonEmptyString: Check = (v, p) =>
  typeof v !== "string"
    ? fail(p, `must be a string, got ${typeof v}`)
    : v.trim() === ""
      ? fail(p, "must not be empty")
      : [];

export const integer: Check = (v, p) =>
  typeof v !== "number" || !Number.isInteger(v)
    ? fail(p, `must be a whole number, got ${JSON.stringify(v)}`)
    : v < 0
      ? fail(p, `must not be negative, got ${v}`)
      : [];

export const boolean: Check = (v, p) => (typeof v !== "boolean" ? fail(p, `must be true or false, got ${JSON.stringify(v)}`) : []);

export const pipelineId: Check = (v, p) =>
  (typeof v === "number" || (typeof v === "string" && /^\d+$/.test(v))) && Number(v) > 0 && Number.isSafeInteger(Number(v))
    ? []
    : fail(p, `must be the id of a Kommo pipeline (a positive whole number, e.g. pipeline.pipelineId), got ${JSON.stringify(v)}`);

export const color: Check = (v, p) =>
  typeof v === "string" && StatusColor.is(v.toLowerCase())
    ? []
    : fail(p, `${JSON.stringify(v)} is not in Kommo's palette; use one of ${STATUS_COLORS.join(", ")}`);

export const descriptions: Check = (v, p) => {
  if (!Array.isArray(v)) return fail(p, "must be a list of {level, description}");
  const out: Failure[] = [];
  if (v.length > 3) out.push(...fail(p, `at most 3 descriptions (one per level), got ${v.length}`));
  const seen = new Set<string>();
  v.forEach((d, i) => {
    const at = `${p}[${i}]`;
    if (isUnknown(d)) return;
    if (!d || typeof d !== "object") return void out.push(...fail(at, "must be {level, description}"));
    const { level, description, ...rest } = d as Record<string, unknown>;
    for (const extra of Object.keys(rest)) out.push(...fail(`${at}.${extra}`, "is not a description property"));
    if (!isUnknown(level)) {
      if (!DescriptionLevel.is(level)) {
        out.push(...fail(`${at}.level`, `must be one of ${DESCRIPTION_LEVELS.join(", ")}, got ${JSON.stringify(level)}`));
      } else if (seen.has(level)) {
        out.push(...fail(`${at}.level`, `"${level}" is given twice; each level may have one description`));
      } else seen.add(level);
    }
    if (!isUnknown(description)) {
      const problems = nonEmptyString(description, `${at}.description`);
      out.push(...problems);
      if (!problems.length && codePoints(description as string) > 1000) {
        out.push(...fail(`${at}.description`, `is ${codePoints(description as string)} characters; the limit is 1000`));
      }
    }
  });
  return out;
};

/** Kommo keeps at most 100 statuses in a pipeline, its three system statuses included (FACTS.md). */
export const MAX_STAGES = 97;

const stage: Check = (v, at) => {
  if (isUnknown(v)) return [];
  if (!v || typeof v !== "object" || Array.isArray(v)) return fail(at, "must be { key?, name, color?, descriptions? }");
  const { key, name, color: c, descriptions: ds, ...rest } = v as Record<string, unknown>;
  const out = Object.keys(rest).map((k) => ({ property: `${at}.${k}`, reason: "is not a property of a stage" }));
  if (key !== undefined && !isUnknown(key)) out.push(...nonEmptyString(key, `${at}.key`));
  if (name === undefined) out.push(...fail(`${at}.name`, "is required"));
  else if (!isUnknown(name)) out.push(...nonEmptyString(name, `${at}.name`));
  if (c !== undefined && !isUnknown(c)) out.push(...color(c, `${at}.color`));
  if (ds !== undefined && !isUnknown(ds)) out.push(...descriptions(ds, `${at}.descriptions`));
  return out;
};

/** The ordered stage list of a pipeline: keys (or names standing in for them) must tell the stages apart. */
export const stages: Check = (v, p) => {
  if (!Array.isArray(v)) return fail(p, "must be a list of stages");
  if (v.length === 0) {
    return fail(
      p,
      "must hold at least one stage: Kommo refuses a pipeline without a regular stage. Leave statuses out to manage the stages as Status resources.",
    );
  }
  const out: Failure[] = [];
  if (v.length > MAX_STAGES) out.push(...fail(p, `Kommo keeps at most ${MAX_STAGES} regular stages, got ${v.length}`));
  const seen = new Map<string, number>();
  v.forEach((item: unknown, i) => {
    const at = `${p}[${i}]`;
    out.push(...stage(item, at));
    if (!item || typeof item !== "object") return;
    const { key, name } = item as Record<string, unknown>;
    const id = key ?? name;
    if (typeof id !== "string" || isUnknown(id)) return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else out.push(...fail(`${at}.${key !== undefined ? "key" : "name"}`, `"${id}" is also the key of ${p}[${first}]; give each stage its own key`));
  });
  return out;
};

export const adopt: Check = (v, p) => {
  if (!v || typeof v !== "object" || Array.isArray(v)) return fail(p, "must be { id } or { name }");
  const { id, name, ...rest } = v as Record<string, unknown>;
  const out = Object.keys(rest).map((k) => ({ property: `${p}.${k}`, reason: "is not a property of adopt: give id or name" }));
  if ((id === undefined) === (name === undefined)) out.push(...fail(p, "must give exactly one of id and name"));
  if (id !== undefined && !isUnknown(id)) out.push(...pipelineIdLike(id, `${p}.id`));
  if (name !== undefined && !isUnknown(name)) out.push(...nonEmptyString(name, `${p}.name`));
  return out;
};

const pipelineIdLike: Check = (v, p) =>
  typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? [] : fail(p, `must be a Kommo id (a positive whole number), got ${JSON.stringify(v)}`);

export interface Field {
  check: Check;
  required: boolean;
}

/** Checks a property bag against its fields: unknown values pass, unknown property names do not. */
export function validate(inputs: Record<string, unknown>, fields: Record<string, Field>): Failure[] {
  const out: Failure[] = [];
  for (const [key, v] of Object.entries(inputs)) {
    if (key === "__provider" || key in fields || v === undefined || isUnknown(v)) continue;
    out.push({ property: key, reason: "is not a property of this resource" });
  }
  for (const [key, field] of Object.entries(fields)) {
    const v = inputs[key];
    if (isUnknown(v)) continue;
    if (v === undefined || v === null) {
      if (field.required) out.push({ property: key, reason: "is required" });
      continue;
    }
    out.push(...field.check(v, key));
  }
  return out;
}
