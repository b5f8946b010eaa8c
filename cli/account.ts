import { INCOMING_STATUS_TYPE, LOST_STATUS_ID, orThrow, WON_STATUS_ID, type KommoClient } from "../provider/client";
import type { Progress } from "./progress";

export interface LiveDescription {
  level: string;
  description: string;
}

export interface LiveStatus {
  id: number;
  name: string;
  sort: number;
  color: string;
  /** Kommo's type: 1 for the incoming-leads status, 0 for every other one (142 and 143 included). */
  type: number;
  descriptions: LiveDescription[];
}

export interface LivePipeline {
  id: number;
  name: string;
  sort: number;
  isMain: boolean;
  isUnsortedOn: boolean;
  isArchive: boolean;
  statuses: LiveStatus[];
}

export interface LiveAccount {
  baseUrl: string;
  pipelines: LivePipeline[];
}

const bySortThenId = (a: { sort: number; id: number }, b: { sort: number; id: number }) =>
  a.sort - b.sort || a.id - b.id;

/**
 * The whole account: one GET of the pipeline list, then one GET of each pipeline's statuses, because only the
 * status list returns descriptions (`?with=descriptions`). Everything comes back in sort order, so that two
 * reads of an unchanged account give the same result byte for byte.
 */
export async function readAccount(client: KommoClient, progress: Progress): Promise<LiveAccount> {
  try {
    progress.step("reading pipelines…");
    const pipelines = (await orThrow(client.listPipelines())).sort(bySortThenId);
    const result: LivePipeline[] = [];
    for (const [index, p] of pipelines.entries()) {
      progress.step(`reading pipeline ${index + 1}/${pipelines.length}…`);
      const statuses = await orThrow(client.listStatuses(p.id, { withDescriptions: true }, { pipeline: p.name }));
      result.push({
        id: p.id,
        name: p.name,
        sort: p.sort,
        isMain: p.is_main,
        isUnsortedOn: p.is_unsorted_on,
        isArchive: p.is_archive,
        statuses: statuses.sort(bySortThenId).map((s) => ({
          id: s.id,
          name: s.name,
          sort: s.sort,
          color: s.color,
          type: s.type,
          descriptions: (s.descriptions ?? []).map((d) => ({ level: d.level, description: d.description })),
        })),
      });
    }
    return { baseUrl: client.baseUrl, pipelines: result };
  } finally {
    // Also on failure, so that the error message does not land on the end of a progress line.
    progress.done();
  }
}

export const isWon = (s: LiveStatus) => s.id === WON_STATUS_ID;
export const isLost = (s: LiveStatus) => s.id === LOST_STATUS_ID;
/** The statuses a Status resource declares: not incoming leads, not won, not lost. */
export const isRegular = (s: LiveStatus) => s.type !== INCOMING_STATUS_TYPE && !isWon(s) && !isLost(s);
