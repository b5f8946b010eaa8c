import type { KommoClient, Lead, Names, Pipeline, Status } from "../../client";
import { orGone, orThrow } from "../edge/errors";

/** How long a completed read is reused by other resources' reads in the same refresh. Any write ends it at once. */
export const READ_REUSE_MS = 5000;

interface Entry<T> {
  readonly value: Promise<T>;
  settledAt?: number;
}

/**
 * Coalesced reads of one account. A refresh reads every resource at once; Kommo's pipeline list returns every
 * pipeline with its statuses, and one status list per pipeline adds the descriptions, so a whole refresh costs
 * 1 + (pipelines that manage descriptions) requests however many statuses there are. Reads in flight are shared,
 * completed ones are reused briefly, and every write through this session drops what it could have changed.
 */
export class ReadCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  /** Statuses this session can vouch for without asking: right after it created the pipeline that holds them. */
  private readonly exact = new Map<number, Status[]>();

  constructor(
    private readonly client: KommoClient,
    private readonly coalesce: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  private shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.coalesce) return load();
    const hit = this.entries.get(key) as Entry<T> | undefined;
    if (hit && (hit.settledAt === undefined || this.now() - hit.settledAt < READ_REUSE_MS)) return hit.value;
    const entry: Entry<T> = { value: load() };
    this.entries.set(key, entry);
    entry.value.then(
      () => (entry.settledAt = this.now()),
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    return entry.value;
  }

  /** Ids of every pipeline this session has seen on the account, or undefined before its first reading. */
  private seenPipelines: Set<number> | undefined;

  /** Every pipeline of the account, statuses embedded (without descriptions). */
  pipelines(): Promise<Pipeline[]> {
    return this.shared("pipelines", async () => {
      const all = await orThrow(this.client.listPipelines());
      this.seenPipelines = new Set([...(this.seenPipelines ?? []), ...all.map((p) => p.id)]);
      return all;
    });
  }

  /**
   * Every pipeline this session has seen on the account. Read before a create, it holds what existed before it: a
   * create whose answer was lost is recovered by reading back, and only a pipeline outside this set can be its result.
   */
  pipelinesSeen(): ReadonlySet<number> {
    return new Set(this.seenPipelines);
  }

  /**
   * Pipelines this session has just created, added to the reading it holds instead of dropping it: the next batch
   * of creates places itself after them without asking again.
   */
  created(pipelines: readonly Pipeline[]): void {
    for (const p of pipelines) this.seenPipelines?.add(p.id);
    const entry = this.entries.get("pipelines") as Entry<Pipeline[]> | undefined;
    if (!entry) return;
    this.entries.set("pipelines", {
      value: entry.value.then((all) => [...all, ...pipelines]),
      settledAt: entry.settledAt,
    });
  }

  /**
   * A pipeline's statuses, with their descriptions where asked; undefined when the pipeline is gone. `names` (here
   * and below) only names the pipeline in a message, so a read shared by callers carries the first one's.
   */
  statuses(pipelineId: number, withDescriptions = true, names?: Names): Promise<Status[] | undefined> {
    const key = `statuses:${pipelineId}:${withDescriptions ? "d" : "-"}`;
    return this.shared(key, () => orGone(this.client.listStatuses(pipelineId, { withDescriptions }, names)));
  }

  /** The first page of a pipeline's leads. Only a delete that moved leads changes it. */
  leadsOf(pipelineId: number, names?: Names): Promise<Lead[]> {
    return this.shared(`leads:${pipelineId}`, () => orThrow(this.client.leadsInPipeline(pipelineId, names)));
  }

  forgetLeads(pipelineId: number): void {
    this.entries.delete(`leads:${pipelineId}`);
  }

  setExact(pipelineId: number, statuses: readonly Status[]): void {
    if (this.coalesce) this.exact.set(pipelineId, [...statuses]);
  }

  exactStatuses(pipelineId: number): Status[] | undefined {
    return this.exact.get(pipelineId);
  }

  /**
   * After a write to a pipeline or its statuses, the reads it could have changed are dropped. `keepExact` is for a
   * write whose whole effect the caller has just recorded with setExact.
   */
  invalidate(pipelineId?: number, keepExact = false): void {
    this.entries.delete("pipelines");
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(pipelineId === undefined ? "statuses:" : `statuses:${pipelineId}:`)) this.entries.delete(key);
    }
    if (keepExact) return;
    if (pipelineId === undefined) this.exact.clear();
    else this.exact.delete(pipelineId);
  }
}
