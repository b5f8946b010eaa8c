import * as E from "fp-ts/Either";
import type * as TE from "fp-ts/TaskEither";
import type { KommoFailure } from "./errors";

/**
 * A failure after which a create may or may not have been applied: the request reached Kommo (or may have), and no
 * answer says what happened.
 */
export function isAmbiguous(f: KommoFailure): boolean {
  return f.kind === "server" || f.kind === "invalid_response" || (f.kind === "network" && f.maybeApplied);
}

/**
 * Creates without ever creating twice.
 *
 * Kommo has no idempotency keys, so a create that timed out, was reset or got a 5xx is never simply repeated. The
 * account is read back instead (reads are safe to retry) and each requested item is looked up by name among what
 * exists. Items found are taken as created by this request; only items not found are sent again, once. If the read
 * back fails too, the original failure is reported and nothing is repeated: a failed deploy is better than a
 * duplicate pipeline.
 *
 * The cost of this rule: an object that already had the same name before the create would be taken for the new one.
 * That is why recovery runs only after an ambiguous failure, never on the normal path.
 */
export function createOnce<I extends { readonly name: string }, R extends { readonly name: string; readonly id: number }>(
  items: readonly I[],
  create: (items: readonly I[]) => TE.TaskEither<KommoFailure, R[]>,
  readBack: TE.TaskEither<KommoFailure, readonly R[]>,
): TE.TaskEither<KommoFailure, R[]> {
  return async () => {
    const first = await create(items)();
    if (E.isRight(first) || !isAmbiguous(first.left)) return first;
    const existing = await readBack();
    if (E.isLeft(existing)) return first;
    const claimed = new Set<number>();
    const found = items.map((item) => {
      const hit = existing.right.find((r) => r.name === item.name && !claimed.has(r.id));
      if (hit) claimed.add(hit.id);
      return hit;
    });
    const missing = items.filter((_, i) => found[i] === undefined);
    if (missing.length === 0) return E.right(found as R[]);
    const retried = await create(missing)();
    if (E.isLeft(retried)) return retried;
    let next = 0;
    return E.right(found.map((hit) => hit ?? retried.right[next++]));
  };
}
