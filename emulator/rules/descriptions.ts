import type { DescriptionWithoutId } from "../behaviour/behaviour";
import type { Checker } from "../input/checker";
import { tooMany, UNIQUE_DETAIL, type DescriptionOp } from "../input/descriptions";
import type { StatusDescription } from "../model";
import { MAX_DESCRIPTIONS } from "./limits";

export interface Stamp {
  now: number;
  userId: number;
}

/**
 * Works out a status's descriptions after `ops`, without touching `existing`.
 * Descriptions that are new come back with id 0; `assignIds` gives them real
 * ones once the whole request has passed validation. Returns undefined, with
 * the reasons in `checker`, when the result would break the reference's
 * limits: at most 3, one per level.
 *
 * A create for a level that already has a description is refused as NotUnique
 * under `withoutId: refused`. Under `overwrites` it rewrites that description
 * in place, keeping its id, as the Russian reference says ("if id is not
 * passed, the description is simply overwritten").
 */
export function planDescriptions(
  existing: readonly StatusDescription[],
  ops: readonly DescriptionOp[],
  checker: Checker,
  stamp: Stamp,
  withoutId: DescriptionWithoutId = "refused",
): StatusDescription[] | undefined {
  const before = checker.errors.length;
  let result = existing.map((d) => ({ ...d }));
  const touched = new Set<number>();
  for (const op of ops) {
    if (op.kind === "create") {
      const taken =
        withoutId === "overwrites"
          ? result.find((d) => d.id !== 0 && d.level === op.level && !touched.has(d.id))
          : undefined;
      if (taken !== undefined) {
        touched.add(taken.id);
        rewrite(taken, op.description, stamp);
        continue;
      }
      result.push({
        id: 0,
        level: op.level,
        description: op.description,
        createdAt: stamp.now,
        updatedAt: stamp.now,
        createdBy: stamp.userId,
        updatedBy: stamp.userId,
      });
      continue;
    }
    const target = result.find((d) => d.id === op.id);
    if (touched.has(op.id)) {
      checker.fail("NotUnique", `${op.index}.id`, UNIQUE_DETAIL);
      continue;
    }
    touched.add(op.id);
    if (target === undefined) {
      checker.notAChoice(`${op.index}.id`);
    } else if (op.kind === "delete") {
      if (target.level !== op.level) checker.notAChoice(`${op.index}.level`);
      else result = result.filter((d) => d !== target);
    } else {
      target.level = op.level;
      rewrite(target, op.description, stamp);
    }
  }
  if (checker.errors.length > before) return undefined;
  const levels = new Set<string>();
  for (const d of result) {
    if (levels.has(d.level)) {
      const culprit = ops.find((op) => op.kind !== "delete" && op.level === d.level);
      checker.fail("NotUnique", culprit === undefined ? "" : `${culprit.index}.level`, UNIQUE_DETAIL);
    }
    levels.add(d.level);
  }
  if (result.length > MAX_DESCRIPTIONS) tooMany(checker);
  return checker.errors.length > before ? undefined : result;
}

function rewrite(target: StatusDescription, description: string, stamp: Stamp): void {
  target.description = description;
  target.updatedAt = stamp.now;
  target.updatedBy = stamp.userId;
}

export function assignIds(descriptions: StatusDescription[], nextId: () => number): StatusDescription[] {
  for (const d of descriptions) if (d.id === 0) d.id = nextId();
  return descriptions;
}

/** Descriptions sent with a new status: create-mode input holds only creates. */
export function createDescriptions(
  ops: readonly DescriptionOp[],
  stamp: Stamp,
  nextId: () => number,
): StatusDescription[] {
  return ops.flatMap((op) =>
    op.kind === "create"
      ? [
          {
            id: nextId(),
            level: op.level,
            description: op.description,
            createdAt: stamp.now,
            updatedAt: stamp.now,
            createdBy: stamp.userId,
            updatedBy: stamp.userId,
          },
        ]
      : [],
  );
}
