import * as t from "io-ts";
import { findPipeline, findStatus } from "../runtime/lookups/find";
import { KommoId, NonEmptyString, failuresOf } from "../runtime/edge/inputs";
import type { Session } from "../runtime/session/session";

export const GET_PIPELINE = "kommo:index:getPipeline";
export const GET_STATUS = "kommo:index:getStatus";

const PipelineArgs = t.type({ name: NonEmptyString }, "GetPipelineArgs");
const StatusArgs = t.type({ pipelineId: KommoId, name: NonEmptyString }, "GetStatusArgs");

type Invoked = { value: object } | { failures: { property: string; reason: string }[] };

/** The lookups as functions: the same finding as the TypeScript lookups, through the provider's own session. */
export async function invokeFunction(s: Session, token: string, args: Record<string, unknown>): Promise<Invoked> {
  switch (token) {
    case GET_PIPELINE: {
      const failures = failuresOf(PipelineArgs, args);
      if (failures.length) return { failures };
      return { value: await findPipeline(s.client, args.name as string) };
    }
    case GET_STATUS: {
      const failures = failuresOf(StatusArgs, args);
      if (failures.length) return { failures };
      return { value: await findStatus(s.client, args.pipelineId as number, args.name as string) };
    }
    default:
      throw new Error(`the kommo provider has no function "${token}"; it serves ${GET_PIPELINE} and ${GET_STATUS}.`);
  }
}
