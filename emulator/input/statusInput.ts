import { isPaletteColor } from "../rules/palette";
import { MAX_NAME_LENGTH, MAX_SORT } from "../rules/limits";
import { Checker, has, isObject, type JsonObject } from "./checker";
import { readDescriptions, type DescriptionOp } from "./descriptions";

export interface StatusCreate {
  name: string;
  sort: number;
  color: string | undefined;
  descriptions: DescriptionOp[];
}

export interface StatusEdit {
  name?: string;
  sort?: number;
  color?: string;
  descriptions?: DescriptionOp[];
}

/** Reference, "Pipeline status edit": at least one of these must be passed. */
const EDITABLE = ["name", "sort", "color", "descriptions"] as const;

export function readName(obj: JsonObject, checker: Checker, required: boolean): string | undefined {
  return checker.string(obj, "name", { required, notBlank: true, maxLength: MAX_NAME_LENGTH });
}

export function readSort(obj: JsonObject, checker: Checker, required: boolean): number | undefined {
  return checker.int(obj, "sort", { required, min: 0, max: MAX_SORT });
}

export function readRequestId(obj: JsonObject, checker: Checker): void {
  if (has(obj, "request_id")) checker.string(obj, "request_id");
}

function readColor(obj: JsonObject, checker: Checker): string | undefined {
  const color = checker.string(obj, "color");
  if (color === undefined) return undefined;
  // The palette is matched exactly: "#FFFEB2" is not "#fffeb2" (assumption, README).
  return isPaletteColor(color) ? color : checker.notAChoice("color");
}

/** One item of POST .../statuses, or a regular status inside a new pipeline's `_embedded.statuses`. */
export function readStatusCreate(item: unknown, checker: Checker): StatusCreate | undefined {
  if (!isObject(item)) return checker.wrongType("", "object");
  readRequestId(item, checker);
  const name = readName(item, checker, true);
  const sort = readSort(item, checker, true);
  const color = has(item, "color") ? readColor(item, checker) : undefined;
  let descriptions: DescriptionOp[] | undefined = [];
  if (has(item, "descriptions")) {
    const scoped = checker.nested("descriptions");
    descriptions = readDescriptions(item.descriptions, scoped, "create");
    checker.absorb(scoped);
  }
  if (checker.errors.length > 0 || name === undefined || sort === undefined || descriptions === undefined) {
    return undefined;
  }
  return { name, sort, color, descriptions };
}

export interface EditRead<T> {
  /** false when the body names none of the editable fields. */
  passedAny: boolean;
  edit: T | undefined;
}

export function readStatusEdit(body: JsonObject, checker: Checker): EditRead<StatusEdit> {
  const passedAny = EDITABLE.some((key) => has(body, key));
  readRequestId(body, checker);
  const edit: StatusEdit = {};
  if (has(body, "name")) edit.name = readName(body, checker, true);
  if (has(body, "sort")) edit.sort = readSort(body, checker, true);
  if (has(body, "color")) edit.color = readColor(body, checker);
  if (has(body, "descriptions")) {
    const scoped = checker.nested("descriptions");
    edit.descriptions = readDescriptions(body.descriptions, scoped, "edit");
    checker.absorb(scoped);
  }
  return { passedAny, edit: checker.errors.length > 0 ? undefined : edit };
}
