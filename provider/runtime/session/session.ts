import type { KommoClient, NewPipeline, Pipeline } from "../../client";
import { createPipelineBatcher } from "../pipeline/creates";
import { createStatusBatcher } from "../status/creates";
import type { Created, StatusCreate } from "../status/creates";
import { Claims } from "./claims";
import { DeclaredOrders } from "./declaredOrders";
import { PipelineLocks } from "./locks";
import { ReadCache } from "./reads";

/**
 * Everything one provider process knows and shares, made once by `configure` and handed to the resource code, as
 * Pulumi's host configures a provider once per process and keeps it. Nothing of it lives in a module or on
 * globalThis, so a test gets a clean process by making a new session.
 */
export interface Session {
  readonly client: KommoClient;
  /** Off (KOMMO_BATCHING=off): one request per resource and no shared reads, the benchmark's baseline. */
  readonly batching: boolean;
  readonly reads: ReadCache;
  readonly claims: Claims;
  /** The declared sort of every Status resource seen, for placing new and moved ones. */
  readonly orders: DeclaredOrders;
  readonly locks: PipelineLocks;
  /** Pipelines whose stages a Pipeline resource declares: a Status resource in one of them is refused. */
  readonly listOwned: Set<number>;
  readonly createPipeline: (pipeline: NewPipeline) => Promise<Pipeline>;
  readonly createStatus: (pipelineId: number, create: StatusCreate) => Promise<Created>;
}

export function createSession(client: KommoClient, batching: boolean): Session {
  const partial = {
    client,
    batching,
    reads: new ReadCache(client, batching),
    claims: new Claims(),
    orders: new DeclaredOrders(),
    locks: new PipelineLocks(),
    listOwned: new Set<number>(),
  };
  const session: Session = {
    ...partial,
    createPipeline: createPipelineBatcher(() => session, batching),
    createStatus: createStatusBatcher(() => session, batching),
  };
  return session;
}
