import * as E from "fp-ts/Either";
import type { NewPipeline, Pipeline } from "../../client";
import { createBatcher, settleBatch } from "../session/batcher";
import type { Pending } from "../session/batcher";
import type { Session } from "../session/session";

type P = Pending<NewPipeline, Pipeline>;

/** A pipeline and the statuses created with it are all entities of the request that Kommo's batch cap counts. */
const entities = (p: NewPipeline) => 1 + (p._embedded?.statuses?.length ?? 0);

/**
 * Pipelines declared together are created by shared POSTs: the API takes an array (the reference's add example sends
 * two), and docs/kommo-api.md caps a request at 250 entities, 50 recommended. A pipeline's own statuses count towards that.
 * Each pipeline is sent with its declared sort as it is: the user wrote that number, and whatever Kommo answers is
 * Kommo's number (assignedSort), never sent again unless the declared one changes.
 */
export function createPipelineBatcher(session: () => Session, batching: boolean) {
  const send = async (_account: string, arrived: P[]): Promise<void> => {
    const s = session();
    // In declared order, so that a Kommo that breaks ties by position in the request keeps it too.
    const batch = [...arrived].sort((a, b) => a.item.sort - b.item.sort);
    // The pipelines known before the create let a retried POST recognise the ones an earlier attempt made.
    await s.reads.pipelines();
    const results = await s.client.addPipelines(
      batch.map((p) => p.item),
      s.reads.pipelinesSeen(),
    )();
    const created = results.filter(E.isRight).map((r) => r.right);
    // After a failure it is unknown what Kommo holds; otherwise the new pipelines are all that changed.
    if (created.length === results.length) s.reads.created(created);
    else s.reads.invalidate(undefined, true);
    settleBatch(batch, results, (item) => `pipeline "${item.name}"`);
  };
  const batched = createBatcher<string, NewPipeline, Pipeline>(send, { enabled: batching, weight: entities });
  return (pipeline: NewPipeline): Promise<Pipeline> => batched("account", pipeline);
}
