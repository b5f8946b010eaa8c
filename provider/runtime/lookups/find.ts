import { LOST_STATUS_ID, WON_STATUS_ID } from "../../client";
import type { KommoClient, Pipeline, Status } from "../../client";
import { orThrow } from "../edge/errors";
import { isIncoming } from "../status/systemStatuses";

/**
 * What the lookups find: pipelines and statuses that a stack does not manage (someone else's, or the account's
 * default), for resources that need their ids: a webhook on a status, say. They only ever read. The TypeScript
 * lookups run them in the program; the plugin serves them as functions (`kommo:index:getPipeline`, ...).
 */
export interface PipelineLookup {
  pipelineId: number;
  name: string;
  isMain: boolean;
  incomingStatusId: number | undefined;
  wonStatusId: number;
  lostStatusId: number;
  /** Every status of the pipeline by name, system ones included. */
  statusIds: Record<string, number>;
}

export interface StatusLookup {
  statusId: number;
  pipelineId: number;
  name: string;
  color: string;
  sort: number;
}

function one<T extends { id: number; name: string }>(
  found: readonly T[],
  what: string,
  name: string,
  where: string,
): T {
  const [first] = found;
  if (found.length === 1 && first) return first;
  if (!first) throw new Error(`Kommo lookup: no ${what} named "${name}" ${where}.`);
  throw new Error(
    `Kommo lookup: ${found.length} ${what}s are named "${name}" ${where} (ids ${found.map((f) => f.id).join(", ")}).`,
  );
}

const toPipeline = (p: Pipeline): PipelineLookup => {
  const statuses: readonly Status[] = p._embedded?.statuses ?? [];
  return {
    pipelineId: p.id,
    name: p.name,
    isMain: p.is_main,
    incomingStatusId: statuses.find(isIncoming)?.id,
    wonStatusId: WON_STATUS_ID,
    lostStatusId: LOST_STATUS_ID,
    statusIds: Object.fromEntries(statuses.map((s) => [s.name, s.id])),
  };
};

/** The pipeline that has this name on the account: exactly one, or an error that says how many. */
export async function findPipeline(client: KommoClient, name: string): Promise<PipelineLookup> {
  const all = await orThrow(client.listPipelines());
  return toPipeline(
    one(
      all.filter((p) => p.name === name),
      "pipeline",
      name,
      "on the account",
    ),
  );
}

/** The status that has this name in the pipeline: exactly one, or an error that says how many. */
export async function findStatus(client: KommoClient, pipelineId: number, name: string): Promise<StatusLookup> {
  const statuses = await orThrow(client.listStatuses(pipelineId));
  const s = one(
    statuses.filter((x) => x.name === name),
    "status",
    name,
    `in pipeline ${String(pipelineId)}`,
  );
  return { statusId: s.id, pipelineId, name: s.name, color: s.color, sort: s.sort };
}
