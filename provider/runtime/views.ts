import * as E from "fp-ts/Either";
import { KommoError, type Lead, type Pipeline, type Status } from "../client";
import { client } from "./settings";
import { READ_REUSE_MS, batchingEnabled } from "./tuning";

/**
 * Coalesced reads of one account. A refresh reads every resource at once; Kommo's pipeline list returns every
 * pipeline with its statuses, and one status list per pipeline adds the descriptions, so a whole refresh costs
 * 1 + (pipelines) requests however many statuses there are. Reads in flight are shared, completed ones are reused
 * briefly, and every write through this process drops what it could have changed.
 */
interface Entry<T> {
  readonly value: Promise<T>;
  settledAt?: number;
}

const entries = new Map<string, Entry<unknown>>();

function shared<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (!batchingEnabled()) return load();
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit && (hit.settledAt === undefined || Date.now() - hit.settledAt < READ_REUSE_MS)) return hit.value;
  const entry: Entry<T> = { value: load() };
  entries.set(key, entry);
  entry.value.then(
    () => (entry.settledAt = Date.now()),
    () => entries.get(key) === entry && entries.delete(key),
  );
  return entry.value;
}

/** Every pipeline of the account, statuses embedded (without descriptions). */
export const allPipelines = (): Promise<Pipeline[]> =>
  shared("pipelines", async () => {
    const r = await client().listPipelines()();
    if (E.isLeft(r)) throw new KommoError(r.left);
    return r.right;
  });

/** A pipeline's statuses with their descriptions, or undefined when the pipeline is gone. */
export const statusesWithDescriptions = (pipelineId: number): Promise<Status[] | undefined> =>
  shared(`statuses:${pipelineId}`, async () => {
    const r = await client().listStatuses(pipelineId, { withDescriptions: true })();
    if (E.isRight(r)) return r.right;
    if (r.left.kind === "not_found") return undefined;
    throw new KommoError(r.left);
  });

/** The first page of a pipeline's leads. Kept apart from `wrote`: only a delete that moved leads changes it. */
export const leadsOfPipeline = (pipelineId: number): Promise<Lead[]> =>
  shared(`leads:${pipelineId}`, async () => {
    const r = await client().leadsInPipeline(pipelineId)();
    if (E.isLeft(r)) throw new KommoError(r.left);
    return r.right;
  });

export const forgetLeads = (pipelineId: number): void => void entries.delete(`leads:${pipelineId}`);

/**
 * Exact knowledge of a pipeline's statuses, where this process can vouch for it without asking: right after it
 * created the pipeline, and after it added statuses to a pipeline that had no regular ones (nothing could have been
 * renumbered). Placement uses it to skip a read.
 */
const exact = new Map<number, Status[]>();

export function setExactStatuses(pipelineId: number, statuses: readonly Status[]): void {
  if (batchingEnabled()) exact.set(pipelineId, [...statuses]);
}

export const exactStatuses = (pipelineId: number): Status[] | undefined => exact.get(pipelineId);

/** After any write to a pipeline or its statuses: the reads it could have changed are dropped. */
export function wrote(pipelineId?: number): void {
  entries.delete("pipelines");
  if (pipelineId === undefined) {
    for (const key of [...entries.keys()]) if (key.startsWith("statuses:")) entries.delete(key);
    exact.clear();
  } else {
    entries.delete(`statuses:${pipelineId}`);
  }
}

/** Forgets exact knowledge of one pipeline: a write whose effect on the other statuses cannot be known. */
export const forgetExact = (pipelineId: number): void => void exact.delete(pipelineId);

/** Drops every shared read and all exact knowledge, as a fresh provider process starts. For tests. */
export function resetViews(): void {
  entries.clear();
  exact.clear();
}
