import { pipe } from "fp-ts/function";
import * as TE from "fp-ts/TaskEither";
import { Pipeline, PipelineCollection } from "./codecs";
import { matchByRequestId, withRequestIds } from "./batch";
import type { KommoFailure } from "./errors";
import { createOnce } from "./recovery";
import { send, type ClientContext } from "./request";
import type { NewPipeline, PipelineChanges } from "./wire";

const PIPELINES = "/api/v4/leads/pipelines";
const one = (id: number) => `${PIPELINES}/${id}`;
const names = (items: readonly { name: string }[]) => items.map((p) => `"${p.name}"`).join(", ");

export const listPipelines = (ctx: ClientContext): TE.TaskEither<KommoFailure, Pipeline[]> =>
  pipe(
    send(ctx, { action: "list pipelines", method: "GET", path: PIPELINES, codec: PipelineCollection }),
    TE.map((c) => c._embedded.pipelines),
  );

export const getPipeline = (ctx: ClientContext, id: number): TE.TaskEither<KommoFailure, Pipeline> =>
  send(ctx, { action: "read", target: `pipeline ${id}`, method: "GET", path: one(id), codec: Pipeline });

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
    send(ctx, { ...call, body, requestIds, codec: PipelineCollection }),
    TE.chainEitherK((c) => matchByRequestId({ ...call }, requestIds, c._embedded.pipelines)),
  );
}

/** Adds pipelines in one request; results come back in the order of `items`. Never creates one twice (see recovery). */
export const addPipelines = (ctx: ClientContext, items: readonly NewPipeline[]): TE.TaskEither<KommoFailure, Pipeline[]> =>
  createOnce(items, (batch) => postPipelines(ctx, batch), listPipelines(ctx));

export const updatePipeline = (
  ctx: ClientContext,
  id: number,
  changes: PipelineChanges,
): TE.TaskEither<KommoFailure, Pipeline> =>
  send(ctx, { action: "update", target: `pipeline ${id}`, method: "PATCH", path: one(id), body: changes, codec: Pipeline });

export const deletePipeline = (ctx: ClientContext, id: number): TE.TaskEither<KommoFailure, void> =>
  send<void>(ctx, { action: "delete", target: `pipeline ${id}`, method: "DELETE", path: one(id) });
