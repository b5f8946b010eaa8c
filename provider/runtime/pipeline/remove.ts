import { orThrow } from "../edge/errors";
import type { Session } from "../session/session";

const REFUSED = `Kommo keeps a pipeline that still holds leads, and the last pipeline of an account. Nothing was deleted.
Move or close the pipeline's leads in Kommo (or add another pipeline first), then run again. To stop managing the
pipeline without deleting it, set the resource option \`retainOnDelete: true\` and run again.`;

/** Deletes a pipeline with its statuses; one already gone counts as deleted, and a refusal says what to do. */
export async function removePipeline(s: Session, pipelineId: number, name: string): Promise<void> {
  const hint = `Pipeline "${name}" (${pipelineId}) was not deleted. ${REFUSED}`;
  try {
    await orThrow(s.client.deletePipelineIfPresent(pipelineId), { validation: hint });
  } finally {
    s.reads.invalidate(pipelineId);
  }
}
