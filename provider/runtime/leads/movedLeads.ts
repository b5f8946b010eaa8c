import { LEADS_PAGE_LIMIT } from "../../client";
import type { Lead, Names } from "../../client";
import { orThrow } from "../edge/errors";
import type { Session } from "../session/session";

/**
 * Deleting a status does not delete its leads: Kommo moves them to the pipeline's first status. The deal data is
 * safe, but salespeople will find leads in another stage, so the user is told which leads moved where.
 */
export async function leadsHeldBy(s: Session, pipelineId: number, statusId: number, names?: Names): Promise<Lead[]> {
  // One page of the pipeline's leads answers for all its statuses at once; a fuller pipeline is asked per status.
  const page = await s.reads.leadsOf(pipelineId, names);
  if (page.length < LEADS_PAGE_LIMIT) return page.filter((l) => l.status_id === statusId);
  return orThrow(s.client.leadsInStatus(pipelineId, statusId, names));
}

/** Where the leads went, read back from Kommo rather than assumed. Reporting never fails the delete, which is done. */
export async function reportMovedLeads(
  s: Session,
  stage: { name: string; statusId: number; pipelineId: number },
  held: readonly Lead[],
): Promise<string | undefined> {
  if (held.length === 0) return undefined;
  const { name, statusId, pipelineId } = stage;
  s.reads.forgetLeads(pipelineId);
  const count = `${held.length}${held.length >= LEADS_PAGE_LIMIT ? " or more" : ""} lead${held.length === 1 ? "" : "s"}`;
  let where = "to the pipeline's first status";
  try {
    const moved = await orThrow(s.client.leadsById(held.map((l) => l.id)));
    const statuses = (await s.reads.statuses(pipelineId, false)) ?? [];
    const targets = [...new Set(moved.map((l) => l.status_id))].map((id) => {
      const target = statuses.find((x) => x.id === id);
      return target ? `"${target.name}" (status ${id})` : `status ${id}`;
    });
    if (targets.length) where = `to ${targets.join(", ")}`;
  } catch {
    // The delete went through; only the destination could not be read back.
  }
  const ids = held
    .slice(0, 20)
    .map((l) => l.id)
    .join(", ");
  const message = `kommo: status "${name}" (${statusId}) of pipeline ${pipelineId} held ${count}; Kommo moved them ${where}. Leads: ${ids}${held.length > 20 ? ", …" : ""}.`;
  console.error(message);
  return message;
}
