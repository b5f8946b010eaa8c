import { DESCRIPTION_LEVELS, STATUS_COLORS } from "../client/codecs/status";
import { UNKNOWN } from "./types";

export interface Failure {
  property: string;
  reason: string;
}

export const isUnknown = (v: unknown) => v === UNKNOWN;

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
  typeof v === "string" && (STATUS_COLORS as readonly string[]).includes(v.toLowerCase())
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
      if (typeof level !== "string" || !(DESCRIPTION_LEVELS as readonly string[]).includes(level)) {
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
