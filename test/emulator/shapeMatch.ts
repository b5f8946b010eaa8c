/**
 * Compares one of the reference's examples with what the emulator answered.
 * Keys must match exactly (nothing missing, nothing extra) and values must be
 * equal, except ids: those must be numbers that map one-to-one between the
 * example and the answer (142 and 143 must be equal), and hrefs are compared
 * after swapping in the emulator's origin and the mapped ids.
 */
export class IdMap {
  private readonly forward = new Map<number, number>();
  private readonly backward = new Map<number, number>();

  bind(expected: number, actual: number): string | null {
    const known = this.forward.get(expected);
    if (known !== undefined) return known === actual ? null : `id ${expected} already maps to ${known}, got ${actual}`;
    const owner = this.backward.get(actual);
    if (owner !== undefined) return `actual id ${actual} already stands for ${owner}, not ${expected}`;
    this.forward.set(expected, actual);
    this.backward.set(actual, expected);
    return null;
  }

  get(expected: number): number | undefined {
    return this.forward.get(expected);
  }
}

const ID_KEYS = new Set(["id", "pipeline_id", "account_id"]);
const FIXED_IDS = new Set([142, 143]);
const EXAMPLE_ORIGIN = /^https:\/\/[a-z]+\.kommo\.com/;

export function matchExample(expected: unknown, actual: unknown, origin: string, ids: IdMap, path = "$"): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    if (actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((item, index) => matchExample(item, actual[index], origin, ids, `${path}[${index}]`));
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return [`${path}: expected an object`];
    const want = expected as Record<string, unknown>;
    const got = actual as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of Object.keys(got)) if (!(key in want)) problems.push(`${path}.${key}: not in the example`);
    for (const [key, value] of Object.entries(want)) {
      const at = `${path}.${key}`;
      if (!(key in got)) {
        problems.push(`${at}: missing`);
      } else if (ID_KEYS.has(key) && typeof value === "number") {
        problems.push(...matchId(value, got[key], ids, at));
      } else if (key === "href" && typeof value === "string") {
        const wanted = expectedHref(value, origin, ids);
        if (got[key] !== wanted) problems.push(`${at}: expected ${wanted}, got ${String(got[key])}`);
      } else {
        problems.push(...matchExample(value, got[key], origin, ids, at));
      }
    }
    return problems;
  }
  return Object.is(expected, actual)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function matchId(expected: number, actual: unknown, ids: IdMap, path: string): string[] {
  if (typeof actual !== "number" || !Number.isInteger(actual)) return [`${path}: expected an integer id`];
  if (FIXED_IDS.has(expected)) return actual === expected ? [] : [`${path}: expected ${expected}, got ${actual}`];
  const error = ids.bind(expected, actual);
  return error === null ? [] : [`${path}: ${error}`];
}

function expectedHref(example: string, origin: string, ids: IdMap): string {
  return example
    .replace(EXAMPLE_ORIGIN, origin)
    .split("/")
    .map((segment) => {
      if (!/^[0-9]+$/.test(segment)) return segment;
      const id = Number(segment);
      return FIXED_IDS.has(id) ? segment : String(ids.get(id) ?? `<unmapped ${segment}>`);
    })
    .join("/");
}
