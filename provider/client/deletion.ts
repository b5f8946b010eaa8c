import * as E from "fp-ts/Either";
import type * as T from "fp-ts/Task";
import type * as TE from "fp-ts/TaskEither";
import type { KommoFailure } from "./errors";

/** What a delete found: the object was there and is now deleted, or it was not there to delete. */
export type DeleteOutcome = "deleted" | "gone";

/**
 * A 4xx that may mean "there is no such object". Kommo's answer to deleting something already gone is not settled:
 * 400 NotSupportedChoice has been seen, 404 is plausible, another 400 cannot be ruled out (docs/kommo-api.md, open points:
 * "Deleting something already gone"; emulator/README.md, A30). A rejected token, an unpaid or blocked account and a 429 say
 * nothing about the object, so they are not asked about.
 */
function mayMeanGone(f: KommoFailure): boolean {
  if (f.status === undefined || f.status < 400 || f.status >= 500) return false;
  if (f.kind === "unauthorized" || f.kind === "payment_required" || f.kind === "rate_limited") return false;
  return !(f.kind === "forbidden" && f.blocked);
}

/** What a read says of an object: it is there, it is not (404), or the read failed and says nothing. */
export type Presence = "present" | "gone" | "unknown";

/**
 * Deletes, where "it is not there" is an answer as good as "deleted". A 404 means gone. Any other 4xx is checked
 * with a read of the object: gone if the read says 404; if the object is there, the refusal was real (a pipeline
 * that still holds leads, the last pipeline) and comes back as it was, no longer ambiguous. This covers a DELETE
 * that was repeated after a timeout, a reset or a 5xx, whose earlier attempt may have deleted the object: the later
 * attempt's 404 or 400 is checked the same way. A read that fails leaves the refusal as it was.
 */
export function deleteIfPresent(
  remove: TE.TaskEither<KommoFailure, void>,
  presence: T.Task<Presence>,
): TE.TaskEither<KommoFailure, DeleteOutcome> {
  return async () => {
    const result = await remove();
    if (E.isRight(result)) return E.right("deleted");
    const f = result.left;
    if (f.kind === "not_found") return E.right("gone");
    if (!mayMeanGone(f)) return E.left(f);
    const seen = await presence();
    if (seen === "gone") return E.right("gone");
    return E.left(seen === "present" ? { ...f, ambiguous: false } : f);
  };
}

/**
 * What a read of an object says of it. `orElse` is asked when the read is refused with a 4xx other than 404: a
 * status read in a deleted pipeline may be refused that way, and the pipeline's own 404 settles it.
 */
export const presenceBy =
  (read: TE.TaskEither<KommoFailure, unknown>, orElse?: T.Task<Presence>): T.Task<Presence> =>
  async () => {
    const r = await read();
    if (E.isRight(r)) return "present";
    if (r.left.kind === "not_found") return "gone";
    return orElse && mayMeanGone(r.left) ? orElse() : "unknown";
  };
