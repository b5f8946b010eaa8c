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

/** Sends after an ambiguous failure, each followed by a read-back. */
export const MAX_CREATE_ROUNDS = 3;

/**
 * Creates without ever creating twice.
 *
 * Kommo has no idempotency keys, so a create that timed out, was reset or got a 5xx is never simply repeated. The
 * account is read back instead (reads are safe to retry) and each requested item is looked up by name among what
 * exists. Items found are taken as created by this request; only items not found are sent again, and that send is
 * checked the same way. If a read-back fails, the ambiguous failure is reported and nothing more is sent: a failed
 * deploy is better than a duplicate pipeline.
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
    const results: (R | undefined)[] = items.map(() => undefined);
    const claimed = new Set<number>();
    let pending = items.map((item, index) => ({ item, index }));
    let last: KommoFailure | undefined;
    for (let round = 1; round <= MAX_CREATE_ROUNDS && pending.length > 0; round++) {
      const sent = await create(pending.map((p) => p.item))();
      if (E.isRight(sent)) {
        pending.forEach((p, i) => (results[p.index] = sent.right[i]));
        return E.right(results as R[]);
      }
      last = sent.left;
      if (!isAmbiguous(sent.left)) return sent;
      const existing = await readBack();
      if (E.isLeft(existing)) return sent;
      for (const p of pending) {
        const hit = existing.right.find((r) => r.name === p.item.name && !claimed.has(r.id));
        if (hit) {
          claimed.add(hit.id);
          results[p.index] = hit;
        }
      }
      pending = pending.filter((p) => results[p.index] === undefined);
    }
    return pending.length === 0 ? E.right(results as R[]) : E.left(last as KommoFailure);
  };
}
