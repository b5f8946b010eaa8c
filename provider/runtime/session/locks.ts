/**
 * Status writes to one pipeline run one at a time. Kommo renumbers a pipeline's statuses on every create and move, so
 * a placement computed from one reading is only valid until the next write to the same pipeline.
 */
export class PipelineLocks {
  private readonly tails = new Map<number, Promise<unknown>>();

  run<T>(pipelineId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(pipelineId) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.tails.set(
      pipelineId,
      next.catch(() => undefined),
    );
    return next;
  }
}
