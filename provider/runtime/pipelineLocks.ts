/**
 * Status writes to one pipeline run one at a time. Kommo renumbers a pipeline's statuses on every create and move, so
 * a placement computed from one reading is only valid until the next write to the same pipeline.
 */
const tails = new Map<number, Promise<unknown>>();

export function inPipeline<T>(pipelineId: number, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(pipelineId) ?? Promise.resolve();
  const next = previous.then(work, work);
  tails.set(
    pipelineId,
    next.catch(() => undefined),
  );
  return next;
}
