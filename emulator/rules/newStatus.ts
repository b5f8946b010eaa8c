import type { Account } from "../account";
import type { StatusCreate } from "../input/statusInput";
import type { Status } from "../model";
import { createDescriptions } from "./descriptions";
import { DEFAULT_STATUS_COLOR } from "./palette";

/** Builds a regular status; its sort is provisional until renumberStatuses runs. */
export function newStatus(account: Account, pipelineId: number, input: StatusCreate, userId: number): Status {
  const stamp = { now: account.now(), userId };
  return {
    id: account.ids.nextStatus(),
    pipelineId,
    name: input.name,
    sort: input.sort,
    color: input.color ?? DEFAULT_STATUS_COLOR,
    system: null,
    descriptions: createDescriptions(input.descriptions, stamp, () => account.ids.nextDescription()),
  };
}
