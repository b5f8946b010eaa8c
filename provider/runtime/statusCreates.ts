import * as E from "fp-ts/Either";
import { KommoError, type KommoFailure, type NewStatus, type Status } from "../client";
import { declaredSortOf } from "./declaredSorts";
import { run } from "./errors";
import { inPipeline } from "./pipelineLocks";
import { placeStatuses } from "./placement";
import { client } from "./settings";

/**
 * Status creates that arrive together for one pipeline go out as one POST. The engine creates the statuses of a
 * pipeline at nearly the same moment (they all wait for its id), and one request places them all in declared order.
 */
export const BATCH_WINDOW_MS = 25;
/** FACTS.md: 50 is the recommended batch size. */
export const MAX_BATCH = 50;

interface Pending {
  readonly status: Omit<NewStatus, "sort">;
  readonly declared: number;
  resolve(s: Status): void;
  reject(e: Error): void;
}

const queues = new Map<number, { items: Pending[]; timer?: NodeJS.Timeout }>();

export function createStatus(pipelineId: number, status: Omit<NewStatus, "sort">, declared: number): Promise<Status> {
  return new Promise<Status>((resolve, reject) => {
    const queue = queues.get(pipelineId) ?? { items: [] };
    queues.set(pipelineId, queue);
    queue.items.push({ status, declared, resolve, reject });
    if (queue.items.length >= MAX_BATCH) flushNow(pipelineId);
    else queue.timer ??= setTimeout(() => flushNow(pipelineId), BATCH_WINDOW_MS);
  });
}

function flushNow(pipelineId: number): void {
  const queue = queues.get(pipelineId);
  if (!queue) return;
  clearTimeout(queue.timer);
  queues.delete(pipelineId);
  for (let i = 0; i < queue.items.length; i += MAX_BATCH) {
    const batch = queue.items.slice(i, i + MAX_BATCH);
    void inPipeline(pipelineId, () => send(pipelineId, batch));
  }
}

/** A validation failure narrowed to one item of the batch, so each resource gets its own message. */
function failureFor(failure: KommoFailure, index: number, pending: Pending, pipelineId: number): KommoFailure {
  const op = { ...failure.op, target: `status "${pending.status.name}" in pipeline ${pipelineId}` };
  if (failure.kind !== "validation") return { ...failure, op };
  return { ...failure, op, items: failure.items.filter((i) => i.index === index).map((i) => ({ ...i, index: undefined })) };
}

async function send(pipelineId: number, batch: Pending[]): Promise<void> {
  try {
    const live = await run(client().listStatuses(pipelineId));
    const sorts = placeStatuses(live, batch.map((p) => ({ declared: p.declared })), (id) => declaredSortOf(id, pipelineId));
    const result = await client().addStatuses(pipelineId, batch.map((p, i) => ({ ...p.status, sort: sorts[i] })))();
    if (E.isRight(result)) {
      batch.forEach((p, i) => p.resolve(result.right[i]));
      return;
    }
    const failure = result.left;
    const blamed = failure.kind === "validation" ? new Set(failure.items.map((i) => i.index)) : new Set<number | undefined>();
    // A validation error names the items at fault: those fail alone and the rest are sent again without them.
    if (failure.kind === "validation" && blamed.size > 0 && !blamed.has(undefined) && blamed.size < batch.length) {
      batch.forEach((p, i) => {
        if (blamed.has(i)) p.reject(new KommoError(failureFor(failure, i, p, pipelineId)));
      });
      await send(pipelineId, batch.filter((_, i) => !blamed.has(i)));
      return;
    }
    batch.forEach((p, i) => p.reject(new KommoError(failureFor(failure, i, p, pipelineId))));
  } catch (e) {
    batch.forEach((p) => p.reject(e as Error));
  }
}
