import * as E from "fp-ts/Either";
import { KommoError, type NewPipeline, type Pipeline } from "../client";
import { blamedIndexes, createBatcher, failureForItem, type Pending } from "./batcher";
import { client } from "./settings";
import { wrote } from "./views";

type P = Pending<NewPipeline, Pipeline>;

/** Pipelines declared together are created by one POST: the API takes an array, like it does for statuses. */
async function send(_account: string, batch: P[]): Promise<void> {
  const result = await client().addPipelines(batch.map((p) => p.item))();
  if (E.isRight(result)) {
    // New pipelines change the pipeline list, not the statuses of the others: what this process knows exactly of a
    // pipeline it created earlier still holds.
    result.right.forEach((p) => wrote(p.id));
    batch.forEach((p, i) => p.resolve(result.right[i]));
    return;
  }
  // After a failure it is unknown what was created: everything is dropped.
  wrote();
  const failure = result.left;
  const blamed = failure.kind === "validation" ? blamedIndexes(failure.items, batch.length) : undefined;
  if (blamed) {
    batch.forEach((p, i) => blamed.has(i) && p.reject(new KommoError(failureForItem(failure, i, `pipeline "${p.item.name}"`))));
    await send(_account, batch.filter((_, i) => !blamed.has(i)));
    return;
  }
  batch.forEach((p, i) => p.reject(new KommoError(failureForItem(failure, i, `pipeline "${p.item.name}"`))));
}

const batched = createBatcher<string, NewPipeline, Pipeline>(send);

export const createPipeline = (pipeline: NewPipeline): Promise<Pipeline> => batched("account", pipeline);
