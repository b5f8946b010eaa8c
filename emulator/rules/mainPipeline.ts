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
