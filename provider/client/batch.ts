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
