import type { FailedBatch } from "../behaviour/behaviour";
import { batchTooLarge, problem, validationFailed, type ItemErrors } from "../http/problems";
import type { Reply } from "../http/reply";
import { Checker, isObject, requestIdOf, type JsonObject } from "../input/checker";
import { MAX_BATCH } from "../rules/limits";

/** A step that either produced a value or already knows the answer. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reply: Reply };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function refuse<T = never>(reply: Reply): Outcome<T> {
  return { ok: false, reply };
}

/** The add endpoints take a JSON array of items, at most 250 (docs/kommo-api.md). */
export function readBatch(body: unknown): Outcome<unknown[]> {
  if (!Array.isArray(body)) return refuse(problem(400, "The request body must be a JSON array of items"));
  if (body.length === 0) return refuse(problem(400, "The request body must contain at least one item"));
  if (body.length > MAX_BATCH) return refuse(batchTooLarge());
  return ok(body);
}

/** The edit endpoints take one JSON object. */
export function readObject(body: unknown): Outcome<JsonObject> {
  if (!isObject(body)) return refuse(problem(400, "The request body must be a JSON object"));
  return ok(body);
}

export interface Validated<T> {
  requestId: string;
  value: T;
}

/**
 * Validates every item of a batch before anything is written: one bad item
 * fails the whole request (assumption, README), and the answer lists the
 * errors of each bad item under its request_id.
 */
export function validateBatch<T>(
  items: unknown[],
  read: (item: unknown, checker: Checker, index: number) => T | undefined,
): Outcome<Validated<T>[]> {
  const checked = checkBatch(items, read, "atomic");
  return checked.refusal === null ? ok(checked.apply) : refuse(checked.refusal);
}

export interface CheckedBatch<T> {
  /** What to write: every item when all passed; else, under `partial`, the items before the first bad one, or none. */
  apply: Validated<T>[];
  /** The 400 naming each bad item under its request_id; null when every item passed. */
  refusal: Reply | null;
}

/**
 * Whether the good items of a batch that failed validation were applied is
 * not documented (docs/kommo-api.md, "Open points"): `atomic` writes none of them,
 * `partial` the ones before the first bad item, as a server that writes item
 * by item and stops at the first failure would. Either way every bad item is
 * named in the answer.
 */
export function checkBatch<T>(
  items: unknown[],
  read: (item: unknown, checker: Checker, index: number) => T | undefined,
  mode: FailedBatch,
): CheckedBatch<T> {
  const failures: ItemErrors[] = [];
  const valid: Validated<T>[] = [];
  items.forEach((item, index) => {
    const checker = new Checker();
    const value = read(item, checker, index);
    const requestId = requestIdOf(item, index);
    if (checker.errors.length > 0 || value === undefined) {
      failures.push({ request_id: requestId, errors: checker.errors });
    } else if (failures.length === 0) {
      valid.push({ requestId, value });
    }
  });
  if (failures.length === 0) return { apply: valid, refusal: null };
  return { apply: mode === "partial" ? valid : [], refusal: validationFailed(failures) };
}

/** The reference's edit answers echo request_id "0" although a PATCH sends none; a sent one is echoed as is. */
export function editRequestId(body: JsonObject): string {
  return typeof body.request_id === "string" ? body.request_id : "0";
}

export function wantsDescriptions(query: URLSearchParams): boolean {
  return query
    .getAll("with")
    .flatMap((v) => v.split(","))
    .some((v) => v.trim() === "descriptions");
}
