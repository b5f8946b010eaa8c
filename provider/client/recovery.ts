import * as E from "fp-ts/Either";
import type * as T from "fp-ts/Task";
import type * as TE from "fp-ts/TaskEither";
import { blamedItems, failureOfItem, inCallerOrder } from "./batch";
import { mayHaveApplied } from "./errors";
import type { KommoFailure } from "./errors";

/** What became of one item of a create: the object Kommo holds for it, or the failure that is its own. */
export type ItemResult<R> = E.Either<KommoFailure, R>;

export interface CreateRequest<I, R> {
  readonly items: readonly I[];
  /**
   * The ids of every object of this kind that existed before the first send. None of them can be one this request
   * made, so a read-back never claims one, whatever its name.
   */
  readonly existedBefore: ReadonlySet<number>;
  /** One POST of some of the items; the created objects come back in the order the items were given. */
  readonly send: (items: readonly I[]) => TE.TaskEither<KommoFailure, R[]>;
  /** Every object of this kind as Kommo holds it now (a read: safe to repeat). */
  readonly readBack: TE.TaskEither<KommoFailure, readonly R[]>;
  /** Names one item in a failure of its own, e.g. `status "Won" in pipeline 5`. */
  readonly describe: (item: I) => string;
}

/** POSTs in all, the first one included. Each one that fails without a clear answer is followed by a read-back. */
export const MAX_CREATE_ROUNDS = 3;

/**
 * Creates a batch without ever creating an item twice, and says per item what became of it.
 *
 * Kommo has no idempotency keys, so a POST is never simply sent again. Two answers leave it open what was applied:
 * - a timeout, a reset, a 5xx or an unreadable answer: any item may have been created;
 * - a 400/422 that blames some items: the others may or may not have been applied, since atomicity is not
 *   documented (docs/kommo-api.md, open points: "A batch that fails validation"; emulator/README.md, A18).
 * Either way the account is read back first (reads are safe to repeat) and each open item is looked up by name among
 * the objects that did not exist before the first send and that no other item has claimed. An item found is taken as
 * created; only items not found are sent again, and that send is checked the same way. Blamed items fail with their
 * own validation errors and are never re-sent.
 *
 * Where nothing can be learnt, nothing more is sent: a failed read-back leaves the open items failed and marked
 * ambiguous, and a validation failure that cannot be placed on items fails every item not found by the read-back
 * (re-sending could only fail the same way). A failed deploy is better than a duplicate pipeline.
 */
export function createOnce<
  I extends { readonly name: string },
  R extends { readonly name: string; readonly id: number },
>(req: CreateRequest<I, R>): T.Task<ItemResult<R>[]> {
  return async () => {
    const results: (ItemResult<R> | undefined)[] = req.items.map(() => undefined);
    const claimed = new Set<number>();
    const fail = (index: number, failure: KommoFailure) => {
      const item = req.items[index];
      results[index] = E.left(
        failureOfItem(failure, index, item === undefined ? `item ${index + 1}` : req.describe(item)),
      );
    };
    /** Takes read-back objects for the items at `open`; returns the items still not found. */
    const claim = (existing: readonly R[], open: readonly number[]): number[] => {
      // Lowest id first: where two items share a name, the one sent first is most likely the older object.
      const fresh = existing.filter((r) => !req.existedBefore.has(r.id)).sort((a, b) => a.id - b.id);
      return open.filter((index) => {
        const hit = fresh.find((r) => r.name === req.items[index]?.name && !claimed.has(r.id));
        if (!hit) return true;
        claimed.add(hit.id);
        results[index] = E.right(hit);
        return false;
      });
    };

    let pending = req.items.map((_, index) => index);
    for (let round = 1; pending.length > 0; round++) {
      const sent = await req.send(pending.flatMap((index) => req.items[index] ?? []))();
      if (E.isRight(sent)) {
        pending.forEach((index, k) => {
          const answer = sent.right[k];
          results[index] = answer === undefined ? undefined : E.right(answer);
        });
        break;
      }
      const failure = inCallerOrder(sent.left, pending);
      const blamed = blamedItems(failure, pending);
      const wholeRefusal = failure.kind === "validation" && !blamed;
      if (!mayHaveApplied(failure) && failure.kind !== "validation") {
        // Refused as a whole before anything was applied (401, 403, 404, a 429 that outlasted its retries, ...).
        pending.forEach((index) => fail(index, failure));
        break;
      }
      blamed?.forEach((index) => fail(index, failure));
      const open = pending.filter((index) => !blamed?.has(index));
      // One item refused as a whole: the fault is its own, and nothing else could have been applied.
      if (open.length === 0 || (wholeRefusal && pending.length === 1)) {
        open.forEach((index) => fail(index, failure));
        break;
      }
      const existing = await req.readBack();
      if (E.isLeft(existing)) {
        open.forEach((index) => fail(index, { ...failure, ambiguous: true }));
        break;
      }
      pending = claim(existing.right, open);
      if (wholeRefusal || round >= MAX_CREATE_ROUNDS) {
        // Read back and not found: not applied. Not sent again either: the refusal may well be theirs.
        pending.forEach((index) => fail(index, failure));
        break;
      }
    }
    return results as ItemResult<R>[];
  };
}
