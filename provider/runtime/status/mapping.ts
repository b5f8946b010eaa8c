import type { Status } from "../../client";
import type { StatusColor } from "../../client/codecs/status";
import { liveDescriptions } from "./descriptions";
import type { StatusInputs, StatusOutputs } from "../types";

/** Kommo → outputs: the declared inputs with what Kommo decided. */
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

/**
 * Kommo → inputs, for refresh and adoption. A color the stack left to Kommo stays undeclared, so Kommo's default is
 * not drift; the declared sort is kept, since Kommo's number says nothing about the declared one.
 */
export function statusInputsFromLive(live: Status, like: StatusInputs): StatusInputs {
  return {
    ...(like.adopt ? { adopt: like.adopt } : {}),
    pipelineId: like.pipelineId,
    name: live.name,
    sort: like.sort,
    ...(like.color !== undefined ? { color: live.color as StatusColor } : {}),
    descriptions: liveDescriptions(live.descriptions),
  };
}
