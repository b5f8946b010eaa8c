import * as E from "fp-ts/Either";
import type * as TE from "fp-ts/TaskEither";
import { KommoError } from "../../client";
import type { FailureKind, KommoFailure } from "../../client";

/** What to tell the user next, by kind of failure: data, so each caller says it in its own words. */
export type Hints = Partial<Record<FailureKind, string>>;

function toError(failure: KommoFailure, hints: Hints): KommoError {
  const hint = hints[failure.kind];
  return new KommoError(failure, hint);
}

/** The provider's one edge: a client failure becomes a KommoError, with the hint for its kind appended. */
export async function orThrow<A>(task: TE.TaskEither<KommoFailure, A>, hints: Hints = {}): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw toError(result.left, hints);
  return result.right;
}

/** The same edge where "it is not there" (404) is an answer, not an error. */
export async function orGone<A>(task: TE.TaskEither<KommoFailure, A>, hints: Hints = {}): Promise<A | undefined> {
  const result = await task();
  if (E.isRight(result)) return result.right;
  if (result.left.kind === "not_found") return undefined;
  throw toError(result.left, hints);
}
