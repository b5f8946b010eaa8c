import type { Account } from "../account";
import type { Pipeline } from "../model";

/**
 * An account has exactly one main pipeline (assumption, README): making one
 * main demotes the one that was main before.
 */
export function makeMain(account: Account, pipeline: Pipeline): void {
  for (const other of account.pipelines.values()) other.isMain = false;
  pipeline.isMain = true;
}

/**
 * `is_main: false` on the main pipeline under `unsetMain: accepted`: the SDK's
 * own example sets it on a main pipeline and then deletes that pipeline, so
 * Kommo may well take it. The main role passes to the first other pipeline by
 * (sort, id), the board order; returns false, changing nothing, when there is
 * no other pipeline to take it.
 */
export function handOverMain(account: Account, pipeline: Pipeline): boolean {
  const heir = [...account.pipelines.values()]
    .filter((p) => p !== pipeline)
    .sort((a, b) => a.sort - b.sort || a.id - b.id)[0];
  if (heir === undefined) return false;
  makeMain(account, heir);
  return true;
}
