import {
  INCOMING_STATUS_TYPE,
  LOST_STATUS_ID,
  WON_STATUS_ID,
  type Pipeline,
  type Status,
  type StatusDescription,
} from "../client";
import type { DescriptionLevel } from "../client/codecs/status";
import type { PipelineInputs, PipelineOutputs, StatusDescriptionInput, StatusInputs, StatusOutputs } from "./types";

/** The one place where the vendor's snake_case meets the resources' camelCase. */

export function pipelineOutputs(declared: PipelineInputs, live: Pipeline, statuses: readonly Status[]): PipelineOutputs {
  const byId = (id: number) => statuses.find((s) => s.id === id);
  const incoming = statuses.find((s) => s.type === INCOMING_STATUS_TYPE);
  return {
    ...declared,
    pipelineId: live.id,
    isArchive: live.is_archive,
    accountId: live.account_id,
    incomingStatusId: incoming?.id ?? 0,
    wonStatusId: WON_STATUS_ID,
    lostStatusId: LOST_STATUS_ID,
    wonStatusLiveName: byId(WON_STATUS_ID)?.name ?? declared.wonStatusName ?? "",
    lostStatusLiveName: byId(LOST_STATUS_ID)?.name ?? declared.lostStatusName ?? "",
  };
}

export function liveDescriptions(live: readonly StatusDescription[] | undefined): StatusDescriptionInput[] {
  return (live ?? []).map((d) => ({ level: d.level as DescriptionLevel, description: d.description }));
}

export function statusOutputs(declared: StatusInputs, live: Status): StatusOutputs {
  return {
    ...declared,
    statusId: live.id,
    type: live.type,
    isEditable: live.is_editable,
    accountId: live.account_id,
    assignedSort: live.sort,
    liveColor: live.color,
  };
}

const LEVEL_ORDER: Record<string, number> = { newbie: 0, candidate: 1, master: 2 };

/** Descriptions compare as a set of levels: the order a user lists them in means nothing to Kommo. */
export function normalizeDescriptions(ds: readonly StatusDescriptionInput[] | undefined): StatusDescriptionInput[] {
  return [...(ds ?? [])]
    .map((d) => ({ level: d.level, description: d.description }))
    .sort((a, b) => (LEVEL_ORDER[a.level] ?? 9) - (LEVEL_ORDER[b.level] ?? 9));
}

export const sameDescriptions = (a?: readonly StatusDescriptionInput[], b?: readonly StatusDescriptionInput[]) =>
  JSON.stringify(normalizeDescriptions(a)) === JSON.stringify(normalizeDescriptions(b));
