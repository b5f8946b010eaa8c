import { INCOMING_STATUS_TYPE, LOST_STATUS_ID, WON_STATUS_ID } from "../../client";
import type { EmbeddedNewStatus, NewPipeline, Pipeline, PipelineChanges, Status } from "../../client";
import type { LiveStage, PipelineInputs, PipelineOutputs } from "../types";

/** The won and lost statuses, whose names Kommo takes only in the request that creates the pipeline. */
export const SYSTEM_NAMES = [
  { key: "wonStatusName", label: "won", id: WON_STATUS_ID },
  { key: "lostStatusName", label: "lost", id: LOST_STATUS_ID },
] as const;

/** Kommo → outputs: the declared inputs with what Kommo decided. */
export function pipelineOutputs(
  declared: PipelineInputs,
  live: Pipeline,
  statuses: readonly Status[],
  stages: { statusIds: Record<string, number>; liveStatuses: LiveStage[] },
): PipelineOutputs {
  const byId = (id: number) => statuses.find((s) => s.id === id);
  return {
    ...declared,
    pipelineId: live.id,
    isArchive: live.is_archive,
    accountId: live.account_id,
    incomingStatusId: statuses.find((s) => s.type === INCOMING_STATUS_TYPE)?.id ?? 0,
    wonStatusId: WON_STATUS_ID,
    lostStatusId: LOST_STATUS_ID,
    wonStatusLiveName: byId(WON_STATUS_ID)?.name ?? declared.wonStatusName ?? "",
    lostStatusLiveName: byId(LOST_STATUS_ID)?.name ?? declared.lostStatusName ?? "",
    assignedSort: live.sort,
    ...stages,
  };
}

/**
 * Kommo → inputs, for refresh and adoption: what the pipeline's own fields are now. The declared sort stays (Kommo
 * may choose its own numbers), as do the undeclared isMain and system names, which the stack leaves alone.
 */
export function pipelineInputsFromLive(
  live: Pipeline,
  like: PipelineInputs,
  liveNames: PipelineOutputs,
): PipelineInputs {
  return {
    ...(like.adopt ? { adopt: like.adopt } : {}),
    name: live.name,
    sort: like.sort,
    ...(like.isMain !== undefined ? { isMain: live.is_main } : {}),
    isUnsortedOn: live.is_unsorted_on,
    ...(like.wonStatusName !== undefined ? { wonStatusName: liveNames.wonStatusLiveName } : {}),
    ...(like.lostStatusName !== undefined ? { lostStatusName: liveNames.lostStatusLiveName } : {}),
  };
}

/** Inputs → the create request. `stages` are the regular statuses to create with it, in order. */
export function newPipelineBody(inputs: PipelineInputs, stages: readonly EmbeddedNewStatus[]): NewPipeline {
  const names = SYSTEM_NAMES.flatMap(({ key, id }) => {
    const name = inputs[key];
    return name === undefined ? [] : [{ id, name }];
  });
  return {
    name: inputs.name,
    sort: inputs.sort,
    // The reference makes is_main mandatory on create; a new pipeline is main only when the program says so.
    is_main: inputs.isMain ?? false,
    is_unsorted_on: inputs.isUnsortedOn ?? true,
    _embedded: { statuses: [...names, ...stages] },
  };
}

/** Inputs × what is known of Kommo → the PATCH of the pipeline's own fields; empty when nothing differs. */
export function pipelineChanges(
  wanted: PipelineInputs,
  known: PipelineInputs,
): { -readonly [K in keyof PipelineChanges]: PipelineChanges[K] } {
  const changes: { -readonly [K in keyof PipelineChanges]: PipelineChanges[K] } = {};
  if (wanted.name !== known.name) changes.name = wanted.name;
  if (wanted.sort !== known.sort) changes.sort = wanted.sort;
  if (wanted.isMain !== undefined && wanted.isMain !== known.isMain) changes.is_main = wanted.isMain;
  if ((wanted.isUnsortedOn ?? true) !== (known.isUnsortedOn ?? true))
    changes.is_unsorted_on = wanted.isUnsortedOn ?? true;
  return changes;
}
