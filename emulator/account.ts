import type { IdSource } from "./ids";
import type { Lead, Pipeline, Status } from "./model";

/** One emulated Kommo account: its pipelines (with their statuses) and its leads. */
export class Account {
  readonly pipelines = new Map<number, Pipeline>();
  readonly leads = new Map<number, Lead>();

  constructor(
    readonly id: number,
    readonly ids: IdSource,
    /** Unix seconds, injectable so tests can pin timestamps. */
    readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  pipeline(id: number): Pipeline | null {
    return this.pipelines.get(id) ?? null;
  }

  status(pipeline: Pipeline, id: number): Status | null {
    return pipeline.statuses.find((s) => s.id === id) ?? null;
  }

  mainPipeline(): Pipeline {
    for (const p of this.pipelines.values()) if (p.isMain) return p;
    throw new Error("Invariant broken: the account has no main pipeline");
  }

  leadsIn(pipelineId: number, statusId?: number): Lead[] {
    return [...this.leads.values()].filter(
      (l) => l.pipelineId === pipelineId && (statusId === undefined || l.statusId === statusId),
    );
  }
}
