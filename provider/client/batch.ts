import * as E from "fp-ts/Either";
import type { KommoFailure, Operation } from "./errors";

/** Gives every item of an add request a request_id (its index unless the caller chose one). */
export function withRequestIds<T extends { readonly request_id?: string }>(items: readonly T[]): T[] {
  return items.map((item, i) => ({ ...item, request_id: item.request_id ?? String(i) }));
}

/**
 * Puts the created objects back in request order. Kommo echoes each item's request_id; where a server leaves it out,
 * the reference's examples show the answer in request order, so position is the fallback.
 */
export function matchByRequestId<R extends { readonly request_id?: string }>(
  op: Operation,
  requestIds: readonly string[],
  created: readonly R[],
): E.Either<KommoFailure, R[]> {
  if (created.length !== requestIds.length) {
    return E.left({
      op,
      kind: "invalid_response",
      reason: `asked to create ${requestIds.length} and got ${created.length} back`,
    });
  }
  if (created.every((c) => c.request_id === undefined)) return E.right([...created]);
  const byId = new Map(created.map((c) => [c.request_id, c]));
  const ordered = requestIds.map((id) => byId.get(id));
  const missing = requestIds.filter((_, i) => ordered[i] === undefined);
  if (missing.length) {
    return E.left({ op, kind: "invalid_response", reason: `no object came back for request_id ${missing.join(", ")}` });
  }
  return E.right(ordered as R[]);
}

/**
 * A failure of one request whose validation errors name items by their position in that request, renamed to the
 * positions of the same items among everything the caller asked for: `sent[k]` is where the request's item k stands.
 */
export function inCallerOrder(failure: KommoFailure, sent: readonly number[]): KommoFailure {
  if (failure.kind !== "validation") return failure;
  return {
    ...failure,
    items: failure.items.map((item) => {
      const placed = item.index !== undefined && item.index >= 0 && item.index < sent.length;
      return { ...item, index: placed ? sent[item.index] : undefined };
    }),
  };
}

/**
 * The items a validation failure blames, or undefined when it does not place every error on an item of `among`
 * (no `validation-errors` at all, as for "Limit 250 per page", or a request_id that was not sent).
 */
export function blamedItems(failure: KommoFailure, among: readonly number[]): ReadonlySet<number> | undefined {
  if (failure.kind !== "validation" || failure.items.length === 0) return undefined;
  const blamed = new Set<number>();
  for (const item of failure.items) {
    if (item.index === undefined || !among.includes(item.index)) return undefined;
    blamed.add(item.index);
  }
  return blamed;
}

/**
 * A batch's failure as one item's own: the item named, and of the validation errors those that concern it. An item
 * that no error names keeps them all: they say whose fault it was that it was not created.
 */
export function failureOfItem(failure: KommoFailure, index: number, target: string): KommoFailure {
  const op = { ...failure.op, target };
  if (failure.kind !== "validation") return { ...failure, op };
  const own = failure.items.filter((item) => item.index === index);
  return { ...failure, op, items: own.length > 0 ? own : failure.items };
}
