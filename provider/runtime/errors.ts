import * as E from "fp-ts/Either";
import type * as TE from "fp-ts/TaskEither";
import { KommoError, type FailureKind, type KommoFailure } from "../client";

/** Runs a client call at the provider's edge: a failure becomes a KommoError, with a hint for this situation. */
export async function run<A>(task: TE.TaskEither<KommoFailure, A>, hints: Partial<Record<FailureKind, string>> = {}): Promise<A> {
  const result = await task();
  if (E.isRight(result)) return result.right;
  const error = new KommoError(result.left);
  const hint = hints[result.left.kind];
  if (hint) error.message = `${error.message}\n${hint}`;
  throw error;
}

/** Runs a client call where "it is not there" is an answer, not an error. */
export async function runOrGone<A>(task: TE.TaskEither<KommoFailure, A>, gone: (f: KommoFailure) => boolean): Promise<A | undefined> {
  const result = await task();
  if (E.isRight(result)) return result.right;
  if (gone(result.left)) return undefined;
  throw new KommoError(result.left);
}

export const notFound = (f: KommoFailure) => f.kind === "not_found";

const notSupportedAt = (f: KommoFailure, path: string) =>
  f.kind === "validation" && f.items.some((i) => i.errors.some((e) => e.path === path && e.code === "NotSupportedChoice"));

/** A delete of a pipeline that is not there: 404, or a 400 NotSupportedChoice at id as Kommo answers for statuses. */
export const pipelineGone = (f: KommoFailure) => notFound(f) || notSupportedAt(f, "id");

/** Kommo has been seen to answer a delete of a missing status with 400 NotSupportedChoice at status_id (FACTS.md). */
export const statusGone = (f: KommoFailure) => notFound(f) || notSupportedAt(f, "status_id");
