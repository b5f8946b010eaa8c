import type { IdSource } from "../ids";
import type { Pipeline, Status, SystemKind } from "../model";

export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;

/** Values the reference's examples show for the three statuses every pipeline has. */
const SYSTEM = {
  incoming: { name: "Incoming leads", sort: 10, color: "#c1c1c1" },
  won: { name: "Closed - won", sort: 10000, color: "#CCFF66" },
  lost: { name: "Closed - lost", sort: 11000, color: "#D5D8DB" },
} as const;

export const INCOMING_SORT = SYSTEM.incoming.sort;

export interface SystemNames {
  won?: string;
  lost?: string;
}

export interface SystemStatuses {
  incoming: Status;
  won: Status;
  lost: Status;
}

export function systemStatuses(pipelineId: number, ids: IdSource, names: SystemNames = {}): SystemStatuses {
  const make = (kind: SystemKind, id: number, name: string): Status => ({
    id,
    pipelineId,
    name,
    sort: SYSTEM[kind].sort,
    color: SYSTEM[kind].color,
    system: kind,
    descriptions: [],
  });
  return {
    incoming: make("incoming", ids.nextStatus(), SYSTEM.incoming.name),
    won: make("won", WON_STATUS_ID, names.won ?? SYSTEM.won.name),
    lost: make("lost", LOST_STATUS_ID, names.lost ?? SYSTEM.lost.name),
  };
}

export function isRegular(status: Status): boolean {
  return status.system === null;
}

/**
 * The statuses a client sees, in board order. The reference's pipeline PATCH
 * example turns is_unsorted_on off and the incoming-leads status disappears
 * from the answer; it keeps its id and comes back when switched on again.
 */
export function visibleStatuses(pipeline: Pipeline): Status[] {
  return pipeline.statuses
    .filter((s) => s.system !== "incoming" || pipeline.isUnsortedOn)
    .sort((a, b) => a.sort - b.sort || a.id - b.id);
}

export function findVisibleStatus(pipeline: Pipeline, id: number): Status | null {
  return visibleStatuses(pipeline).find((s) => s.id === id) ?? null;
}
