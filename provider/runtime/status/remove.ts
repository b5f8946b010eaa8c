import type { Names } from "../../client";
import { orThrow } from "../edge/errors";
import type { Hints } from "../edge/errors";
import type { Session } from "../session/session";

/**
 * Deletes a status; one already gone counts as deleted (the client tells gone from refused with a read). `names`, where
 * the caller knows them, name the status and its pipeline in a failure's message.
 */
export async function removeStatus(
  s: Session,
  pipelineId: number,
  statusId: number,
  hints: Hints = {},
  names?: Names,
): Promise<void> {
  try {
    await orThrow(s.client.deleteStatusIfPresent(pipelineId, statusId, names), hints);
  } finally {
    s.reads.invalidate(pipelineId);
  }
}
