import { DESCRIPTION_LEVELS, type DescriptionLevel } from "../model";
import { MAX_DESCRIPTION_LENGTH, MAX_DESCRIPTIONS } from "../rules/limits";
import { Checker, has, isObject } from "./checker";

/**
 * What one item of a `descriptions` array asks for. docs/kommo-api.md: on PATCH an item
 * with id + level + description updates, one without id creates, and one with
 * id + level but no description deletes.
 */
export type DescriptionOp =
  | { kind: "create"; index: number; level: DescriptionLevel; description: string }
  | { kind: "update"; index: number; id: number; level: DescriptionLevel; description: string }
  | { kind: "delete"; index: number; id: number; level: DescriptionLevel };

/**
 * `checker` is already scoped to the `descriptions` field. On create every item
 * must be a new description; on edit items may also update or delete.
 */
export function readDescriptions(
  value: unknown,
  checker: Checker,
  mode: "create" | "edit",
): DescriptionOp[] | undefined {
  if (!Array.isArray(value)) return checker.wrongType("", "array");
  if (mode === "create" && value.length > MAX_DESCRIPTIONS) return tooMany(checker);
  const ops: DescriptionOp[] = [];
  const before = checker.errors.length;
  value.forEach((item: unknown, index) => {
    const at = checker.nested(String(index));
    const op = readOne(item, index, at, mode);
    checker.absorb(at);
    if (op !== undefined) ops.push(op);
  });
  if (mode === "create") {
    const seen = new Set<string>();
    for (const op of ops) {
      if (seen.has(op.level)) checker.fail("NotUnique", `${op.index}.level`, UNIQUE_DETAIL);
      seen.add(op.level);
    }
  }
  return checker.errors.length === before ? ops : undefined;
}

export const UNIQUE_DETAIL = "This collection should contain only unique elements.";

export function tooMany(checker: Checker): undefined {
  return checker.fail("TooMany", "", `This collection should contain ${MAX_DESCRIPTIONS} elements or less.`);
}

function readOne(item: unknown, index: number, at: Checker, mode: "create" | "edit"): DescriptionOp | undefined {
  if (!isObject(item)) return at.wrongType("", "object");
  let id: number | undefined;
  if (has(item, "id")) {
    if (mode === "create") return at.notAChoice("id");
    id = at.int(item, "id", { min: 1 });
  }
  const level = at.choice(item, "level", DESCRIPTION_LEVELS, { required: true });
  // An absent or null description on an item that names an id is the documented delete.
  const deleting = id !== undefined && (!has(item, "description") || item.description === null);
  const description = deleting
    ? undefined
    : at.string(item, "description", { required: true, notBlank: true, maxLength: MAX_DESCRIPTION_LENGTH });
  if (at.errors.length > 0 || level === undefined) return undefined;
  if (id === undefined) return description === undefined ? undefined : { kind: "create", index, level, description };
  if (deleting) return { kind: "delete", index, id, level };
  return description === undefined ? undefined : { kind: "update", index, id, level, description };
}
