import * as E from "fp-ts/Either";
import { KommoError, type NewStatus, type Status } from "../client";
import { blamedIndexes, createBatcher, failureForItem, type Pending } from "./batcher";
import { declaredSortOf, learnDeclaredSorts } from "./declaredSorts";
import { inPipeline } from "./pipelineLocks";
import { isRegular, placeStatuses } from "./placement";
import { client } from "./settings";
import { exactStatuses, forgetExact, setExactStatuses, statusesWithDescriptions, wrote } from "./views";

/**
 * Status creates that arrive together for one pipeline go out as one POST. The engine creates the statuses of a
 * pipeline at nearly the same moment (they all wait for its id), and one request places them all in declared order.
 */
export interface StatusCreate {
  readonly status: Omit<NewStatus, "sort">;
  readonly declared: number;
}

type P = Pending<StatusCreate, Status>;

async function liveForPlacement(pipelineId: number): Promise<Status[]> {
  const known = exactStatuses(pipelineId);
  if (known) return known;
  const live = await statusesWithDescriptions(pipelineId);
  if (live) return live;
  throw new Error(
    `Kommo: pipeline ${pipelineId} does not exist, so no status can be created in it. If it was deleted outside Pulumi, run \`pulumi refresh\` and then \`pulumi up\` to create it again.`,
  );
}

async function send(pipelineId: number, batch: P[]): Promise<void> {
  const live = await liveForPlacement(pipelineId);
  await learnDeclaredSorts(live.filter(isRegular).map((s) => s.id), pipelineId);
  const sorts = placeStatuses(live, batch.map((p) => ({ declared: p.item.declared })), (id) => declaredSortOf(id, pipelineId));
  const result = await client().addStatuses(pipelineId, batch.map((p, i) => ({ ...p.item.status, sort: sorts[i] })))();
  wrote(pipelineId);
  if (E.isRight(result)) {
    // With no regular status before, nothing could have been renumbered: what came back is the whole truth.
    if (exactStatuses(pipelineId) && !live.some(isRegular)) setExactStatuses(pipelineId, [...live, ...result.right]);
    else forgetExact(pipelineId);
    batch.forEach((p, i) => p.resolve(result.right[i]));
    return;
  }
  forgetExact(pipelineId);
  const failure = result.left;
  const blamed = failure.kind === "validation" ? blamedIndexes(failure.items, batch.length) : undefined;
  if (blamed) {
    batch.forEach((p, i) => blamed.has(i) && p.reject(new KommoError(failureForItem(failure, i, `status "${p.item.status.name}" in pipeline ${pipelineId}`))));
    await send(pipelineId, batch.filter((_, i) => !blamed.has(i)));
    return;
  }
  batch.forEach((p, i) => p.reject(new KommoError(failureForItem(failure, i, `status "${p.item.status.name}" in pipeline ${pipelineId}`))));
}

const batched = createBatcher<number, StatusCreate, Status>((pipelineId, batch) =>
  inPipeline(pipelineId, () => send(pipelineId, batch)),
);

export const createStatus = (pipelineId: number, status: Omit<NewStatus, "sort">, declared: number): Promise<Status> =>
  batched(pipelineId, { status, declared });
