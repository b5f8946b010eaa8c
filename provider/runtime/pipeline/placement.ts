import type { Pipeline } from "../../client";
import { between } from "../order/reorder";

/**
 * The sort to send for a pipeline, from its declared sort. Kommo may choose its own numbers for pipelines (the
 * Russian reference answers 1000 to a requested 100, and the SDK says the main pipeline's sort is "set
 * automatically"), so a declared sort is an order among the stack's pipelines, as a status's is among its stages:
 * the number sent falls between the live numbers of the stack's pipelines declared just before and just after it.
 * `declaredOf` knows the stack's other pipelines; the rest of the account is left where it is.
 */
export function pipelineSortFor(
  live: readonly Pick<Pipeline, "id" | "sort">[],
  declared: number,
  declaredOf: (id: number) => number | undefined,
  selfId?: number,
): number {
  const order = live.filter((p) => p.id !== selfId).sort((a, b) => a.sort - b.sort || a.id - b.id);
  const ours = order.map((p, i) => ({ i, d: declaredOf(p.id) })).filter((x) => x.d !== undefined);
  const before = ours.filter((x) => (x.d ?? 0) <= declared).pop();
  const after = ours.find((x) => (x.d ?? 0) > declared);
  if (before) return between(order[before.i]?.sort ?? 0, order[before.i + 1]?.sort);
  if (after) {
    const next = order[after.i]?.sort ?? 0;
    const previous = after.i > 0 ? (order[after.i - 1]?.sort ?? 0) : 0;
    return next - previous >= 2 ? Math.floor((previous + next) / 2) : Math.max(0, next - 1);
  }
  // None of the stack's pipelines is known: after everything else, in declared order among themselves.
  return Math.max(declared, (order[order.length - 1]?.sort ?? 0) + declared);
}

/**
 * Sorts for pipelines created together, given in declared order: each is placed among the live pipelines and the
 * ones of the batch placed before it, so siblings that share a gap are spread across it in declared order.
 */
export function pipelineSortsFor(
  live: readonly Pick<Pipeline, "id" | "sort">[],
  declared: readonly number[],
  declaredOf: (id: number) => number | undefined,
): number[] {
  const placed: { id: number; sort: number; declared: number }[] = [];
  return declared.map((d, i) => {
    const id = -(i + 1);
    const sort = pipelineSortFor(
      [...live, ...placed],
      d,
      (p) => placed.find((x) => x.id === p)?.declared ?? declaredOf(p),
    );
    placed.push({ id, sort, declared: d });
    return sort;
  });
}
