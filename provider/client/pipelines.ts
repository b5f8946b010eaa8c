import { pipe } from "fp-ts/function";
import type * as T from "fp-ts/Task";
import * as TE from "fp-ts/TaskEither";
import { Pipeline, PipelineCollection } from "./codecs";
import { matchByRequestId, withRequestIds } from "./batch";
import { deleteIfPresent, presenceBy } from "./deletion";
import type { DeleteOutcome } from "./deletion";
import type { KommoFailure } from "./errors";
import { pipelineLabel } from "./labels";
import type { Names } from "./labels";
import { createOnce } from "./recovery";
import type { ItemResult } from "./recovery";
import { send } from "./request";
import type { ClientContext } from "./request";
import type { NewPipeline, PipelineChanges } from "./wire";

const PIPELINES = "/api/v4/leads/pipelines";
const one = (id: number) => `${PIPELINES}/${id}`;
const names = (items: readonly { name: string }[]) => items.map((p) => `"${p.name}"`).join(", ");

export const listPipelines = (ctx: ClientContext): TE.TaskEither<KommoFailure, Pipeline[]> =>
  pipe(
    send(ctx, { action: "list pipelines", method: "GET", path: PIPELINES, codec: PipelineCollection }),
    TE.map((c) => c._embedded.pipelines),
  );

/** `names` (here and below) only names the pipeline in messages. */
export const getPipeline = (ctx: ClientContext, id: number, names?: Names): TE.TaskEither<KommoFailure, Pipeline> =>
  send(ctx, { action: "read", target: pipelineLabel(id, names), method: "GET", path: one(id), codec: Pipeline });

function postPipelines(ctx: ClientContext, items: readonly NewPipeline[]): TE.TaskEither<KommoFailure, Pipeline[]> {
  const body = withRequestIds(items);
  const requestIds = body.map((p) => p.request_id as string);
  const call = {
    action: "create",
    target: `pipeline${items.length > 1 ? "s" : ""} ${names(items)}`,
    method: "POST",
    path: PIPELINES,
  } as const;
  return pipe(
    // A POST sent twice creates twice: createOnce reads back instead.
    send(ctx, { ...call, idempotent: false, body, requestIds, codec: PipelineCollection }),
    TE.chainEitherK((c) => matchByRequestId({ ...call }, requestIds, c._embedded.pipelines)),
  );
}

/**
 * Adds pipelines in one request and says per item, in the order of `items`, what became of it. Never creates one
 * twice (see recovery). `existedBefore` holds the ids of every pipeline the caller knew before: none is ever taken
 * for one of these.
 */
export const addPipelines = (
  ctx: ClientContext,
  items: readonly NewPipeline[],
  existedBefore: ReadonlySet<number>,
): T.Task<ItemResult<Pipeline>[]> =>
  createOnce({
    items,
    existedBefore,
    send: (batch) => postPipelines(ctx, batch),
    readBack: listPipelines(ctx),
    describe: (p) => `pipeline "${p.name}"`,
  });

/** Every field of a pipeline PATCH sets an absolute value, so sending it twice is sending it once. */
export const updatePipeline = (
  ctx: ClientContext,
  id: number,
  changes: PipelineChanges,
  names?: Names,
): TE.TaskEither<KommoFailure, Pipeline> =>
  send(ctx, {
    action: "update",
    target: pipelineLabel(id, names),
    method: "PATCH",
    idempotent: true,
    path: one(id),
    body: changes,
    codec: Pipeline,
  });

/** Deleting twice leaves the same account as deleting once; a repeat that finds it gone is sorted out by the caller. */
export const deletePipeline = (ctx: ClientContext, id: number, names?: Names): TE.TaskEither<KommoFailure, void> =>
  send<void>(ctx, {
    action: "delete",
    target: pipelineLabel(id, names),
    method: "DELETE",
    idempotent: true,
    path: one(id),
  });

/** Deletes a pipeline, or finds it already gone (see deletion for how "gone" is told from a refusal). */
export const deletePipelineIfPresent = (
  ctx: ClientContext,
  id: number,
  names?: Names,
): TE.TaskEither<KommoFailure, DeleteOutcome> =>
  deleteIfPresent(deletePipeline(ctx, id, names), presenceBy(getPipeline(ctx, id, names)));
