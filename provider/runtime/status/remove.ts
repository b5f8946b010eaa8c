import { orThrow, type Hints } from "../edge/errors";
import type { Session } from "../session/session";

/** Deletes a status; one already gone counts as deleted (the client tells gone from refused with a read). */
export async function removeStatus(s: Session, pipelineId: number, statusId: number, hints: Hints = {}): Promise<void> {
  try {
    await orThrow(s.client.deleteStatusIfPresent(pipelineId, statusId), hints);
  } finally {
    s.reads.invalidate(pipelineId);
  }
}
