import * as E from "fp-ts/Either";
import type { NewPipeline, Pipeline } from "../../client";
import { createBatcher, settleBatch, type Pending } from "../session/batcher";
import type { Session } from "../session/session";

type P = Pending<NewPipeline, Pipeline>;

/** A pipeline and the statuses created with it are all entities of the request that Kommo's batch cap counts. */
const entities = (p: NewPipeline) => 1 + (p._embedded?.statuses?.length ?? 0);

/**
 * Pipelines declared together are created by shared POSTs: the API takes an array (the reference's add example sends
 * two), and FACTS.md caps a request at 250 entities, 50 recommended. A pipeline's own statuses count towards that.
 */
export function createPipelineBatcher(session: () => Session, batching: boolean) {
  const send = async (_account: string, arrived: P[]): Promise<void> => {
    const s = session();
    // In declared order, so that a Kommo that breaks ties by position in the request keeps it too.
    const batch = [...arrived].sort((a, b) => a.item.sort - b.item.sort);
    const before = await s.reads.pipelinesBefore();
    s.reads.invalidate();
    const results = await s.client.addPipelines(
      batch.map((p) => p.item),
      before,
    )();
    for (const r of results) {
      if (E.isLeft(r)) continue;
      s.reads.sawPipeline(r.right.id);
      s.reads.invalidate(r.right.id);
    }
    settleBatch(batch, results, (item) => `pipeline "${item.name}"`);
  };
  const batched = createBatcher<string, NewPipeline, Pipeline>(send, { enabled: batching, weight: entities });
  return (pipeline: NewPipeline): Promise<Pipeline> => batched("account", pipeline);
}
