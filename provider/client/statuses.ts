import { pipe } from "fp-ts/function";
import type * as T from "fp-ts/Task";
import * as TE from "fp-ts/TaskEither";
import { Status, StatusCollection } from "./codecs";
import { matchByRequestId, withRequestIds } from "./batch";
import { deleteIfPresent, presenceBy } from "./deletion";
import type { DeleteOutcome } from "./deletion";
import type { KommoFailure } from "./errors";
import { pipelineLabel, statusLabel } from "./labels";
import type { Names } from "./labels";
import { getPipeline } from "./pipelines";
import { createOnce } from "./recovery";
import type { ItemResult } from "./recovery";
import { send } from "./request";
import type { ClientContext } from "./request";
import type { NewStatus, StatusChanges, StatusPatch } from "./wire";

const statuses = (pipelineId: number) => `/api/v4/leads/pipelines/${pipelineId}/statuses`;
const one = (pipelineId: number, id: number) => `${statuses(pipelineId)}/${id}`;

export interface ReadOptions {
  /** Descriptions are returned only when asked for with `?with=descriptions`. */
  readonly withDescriptions?: boolean;
}

const withQuery = (o?: ReadOptions) => (o?.withDescriptions ? { query: { with: "descriptions" } } : {});

/** `names` (here and below) only names the pipeline and the status in messages. */
export const listStatuses = (
  ctx: ClientContext,
  pipelineId: number,
  options?: ReadOptions,
  names?: Names,
): TE.TaskEither<KommoFailure, Status[]> =>
  pipe(
    send(ctx, {
      action: "list statuses",
      target: `of ${pipelineLabel(pipelineId, names)}`,
      method: "GET",
      path: statuses(pipelineId),
      codec: StatusCollection,
      ...withQuery(options),
    }),
    TE.map((c) => c._embedded.statuses),
  );

export const getStatus = (
  ctx: ClientContext,
  pipelineId: number,
  id: number,
  options?: ReadOptions,
  names?: Names,
): TE.TaskEither<KommoFailure, Status> =>
  send(ctx, {
    action: "read",
    target: statusLabel(pipelineId, id, names),
    method: "GET",
    path: one(pipelineId, id),
    codec: Status,
    ...withQuery(options),
  });

function postStatuses(ctx: ClientContext, pipelineId: number, items: readonly NewStatus[], names?: Names) {
  const body = withRequestIds(items);
  const requestIds = body.map((s) => s.request_id as string);
  const call = {
    action: "create",
    target: `status${items.length > 1 ? "es" : ""} ${items.map((s) => `"${s.name}"`).join(", ")} in ${pipelineLabel(pipelineId, names)}`,
    method: "POST",
    path: statuses(pipelineId),
  } as const;
  return pipe(
    // A POST sent twice creates twice: createOnce reads back instead.
    send(ctx, { ...call, idempotent: false, body, requestIds, codec: StatusCollection }),
    TE.chainEitherK((c) => matchByRequestId({ ...call }, requestIds, c._embedded.statuses)),
  );
}

/**
 * Adds statuses to one pipeline in one request and says per item, in the order of `items`, what became of it. Never
 * creates one twice (see recovery). `existedBefore` holds the ids of every status of the pipeline the caller knew
 * before, system statuses included: none is ever taken for one of these.
 */
export const addStatuses = (
  ctx: ClientContext,
  pipelineId: number,
  items: readonly NewStatus[],
  existedBefore: ReadonlySet<number>,
  names?: Names,
): T.Task<ItemResult<Status>[]> =>
  createOnce({
    items,
    existedBefore,
    send: (batch) => postStatuses(ctx, pipelineId, batch, names),
    readBack: listStatuses(ctx, pipelineId, undefined, names),
    describe: (s) => `status "${s.name}" in ${pipelineLabel(pipelineId, names)}`,
  });

/**
 * Whether a status PATCH may be sent twice. Name, sort, color and a description item with an id and a text set
 * absolute values. An item without an id creates a description, and one with an id but no text deletes it
 * (docs/kommo-api.md, "Pipelines and statuses"): sent twice, the first may add a second description or overwrite one (the
 * Russian reference says a create for a taken level overwrites; docs/kommo-api.md, open points), the second may be refused
 * for an id already gone. Such a PATCH is not repeated; its failure comes back marked ambiguous, for the caller to
 * read back and send only what is missing.
 */
export const isRepeatable = (changes: StatusChanges): boolean =>
  (changes.descriptions ?? []).every((d) => d.id !== undefined && d.description !== undefined);

export const updateStatus = (
  ctx: ClientContext,
  pipelineId: number,
  id: number,
  changes: StatusPatch,
  names?: Names,
): TE.TaskEither<KommoFailure, Status> =>
  send(ctx, {
    action: "update",
    // A PATCH always carries the name (FACTS.md): it is the status's name whether or not the caller gave one.
    target: statusLabel(pipelineId, id, { ...names, status: names?.status ?? changes.name }),
    method: "PATCH",
    idempotent: isRepeatable(changes),
    path: one(pipelineId, id),
    body: changes,
    codec: Status,
  });

/** Deleting twice leaves the same pipeline as deleting once; a repeat that finds it gone is sorted out by the caller. */
export const deleteStatus = (
  ctx: ClientContext,
  pipelineId: number,
  id: number,
  names?: Names,
): TE.TaskEither<KommoFailure, void> =>
  send<void>(ctx, {
    action: "delete",
    target: statusLabel(pipelineId, id, names),
    method: "DELETE",
    idempotent: true,
    path: one(pipelineId, id),
  });

/**
 * Deletes a status, or finds it already gone (see deletion). A status read refused otherwise than with a 404 is
 * settled by its pipeline: a status cannot outlive its pipeline.
 */
export const deleteStatusIfPresent = (
  ctx: ClientContext,
  pipelineId: number,
  id: number,
  names?: Names,
): TE.TaskEither<KommoFailure, DeleteOutcome> =>
  deleteIfPresent(
    deleteStatus(ctx, pipelineId, id, names),
    presenceBy(getStatus(ctx, pipelineId, id, undefined, names), async () =>
      (await presenceBy(getPipeline(ctx, pipelineId, names))()) === "gone" ? "gone" : "unknown",
    ),
  );
