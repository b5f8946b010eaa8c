import { pipe } from "fp-ts/function";
import * as TE from "fp-ts/TaskEither";
import { Status, StatusCollection } from "./codecs";
import { matchByRequestId, withRequestIds } from "./batch";
import type { KommoFailure } from "./errors";
import { createOnce } from "./recovery";
import { send, type ClientContext } from "./request";
import type { NewStatus, StatusChanges } from "./wire";

const statuses = (pipelineId: number) => `/api/v4/leads/pipelines/${pipelineId}/statuses`;
const one = (pipelineId: number, id: number) => `${statuses(pipelineId)}/${id}`;
const target = (pipelineId: number, id: number) => `status ${id} in pipeline ${pipelineId}`;

export interface ReadOptions {
  /** Descriptions are returned only when asked for with `?with=descriptions`. */
  readonly withDescriptions?: boolean;
}

const withQuery = (o?: ReadOptions) => (o?.withDescriptions ? { query: { with: "descriptions" } } : {});

export const listStatuses = (
  ctx: ClientContext,
  pipelineId: number,
  options?: ReadOptions,
): TE.TaskEither<KommoFailure, Status[]> =>
  pipe(
    send(ctx, {
      action: "list statuses",
      target: `of pipeline ${pipelineId}`,
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
): TE.TaskEither<KommoFailure, Status> =>
  send(ctx, {
    action: "read",
    target: target(pipelineId, id),
    method: "GET",
    path: one(pipelineId, id),
    codec: Status,
    ...withQuery(options),
  });

function postStatuses(ctx: ClientContext, pipelineId: number, items: readonly NewStatus[]) {
  const body = withRequestIds(items);
  const requestIds = body.map((s) => s.request_id as string);
  const call = {
    action: "create",
    target: `status${items.length > 1 ? "es" : ""} ${items.map((s) => `"${s.name}"`).join(", ")} in pipeline ${pipelineId}`,
    method: "POST",
    path: statuses(pipelineId),
  } as const;
  return pipe(
    send(ctx, { ...call, body, requestIds, codec: StatusCollection }),
    TE.chainEitherK((c) => matchByRequestId({ ...call }, requestIds, c._embedded.statuses)),
  );
}

/** Adds statuses to one pipeline in one request; results come back in the order of `items`. Never creates twice. */
export const addStatuses = (
  ctx: ClientContext,
  pipelineId: number,
  items: readonly NewStatus[],
): TE.TaskEither<KommoFailure, Status[]> =>
  createOnce(items, (batch) => postStatuses(ctx, pipelineId, batch), listStatuses(ctx, pipelineId));

export const updateStatus = (
  ctx: ClientContext,
  pipelineId: number,
  id: number,
  changes: StatusChanges,
): TE.TaskEither<KommoFailure, Status> =>
  send(ctx, {
    action: "update",
    target: target(pipelineId, id),
    method: "PATCH",
    path: one(pipelineId, id),
    body: changes,
    codec: Status,
  });

export const deleteStatus = (ctx: ClientContext, pipelineId: number, id: number): TE.TaskEither<KommoFailure, void> =>
  send<void>(ctx, { action: "delete", target: target(pipelineId, id), method: "DELETE", path: one(pipelineId, id) });
