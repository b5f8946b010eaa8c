import { LEADS_PAGE_LIMIT, type Lead } from "../client";
import { run } from "./errors";
import { client } from "./settings";
import { forgetLeads, leadsOfPipeline, statusesWithDescriptions } from "./views";

/**
 * Deleting a status does not delete its leads: Kommo moves them to the pipeline's first status. The deal data is
 * safe, but salespeople will find leads in another stage, so the user is told which leads moved where.
 */
export async function leadsHeldBy(pipelineId: number, statusId: number): Promise<Lead[]> {
  // One page of the pipeline's leads answers for all its statuses at once; a fuller pipeline is asked per status.
  const page = await leadsOfPipeline(pipelineId);
  if (page.length < LEADS_PAGE_LIMIT) return page.filter((l) => l.status_id === statusId);
  return run(client().leadsInStatus(pipelineId, statusId));
}

/** Where the leads went, read back from Kommo rather than assumed. Reporting never fails the delete, which is done. */
export async function reportMovedLeads(name: string, statusId: number, pipelineId: number, held: readonly Lead[]): Promise<string | undefined> {
  if (held.length === 0) return undefined;
  forgetLeads(pipelineId);
  const count = `${held.length}${held.length >= LEADS_PAGE_LIMIT ? " or more" : ""} lead${held.length === 1 ? "" : "s"}`;
  let where = "to the pipeline's first status";
  try {
    const moved = await run(client().leadsById(held.map((l) => l.id)));
    const statuses = (await statusesWithDescriptions(pipelineId)) ?? [];
    const targets = [...new Set(moved.map((l) => l.status_id))].map((id) => {
      const s = statuses.find((x) => x.id === id);
      return s ? `"${s.name}" (status ${id})` : `status ${id}`;
    });
    if (targets.length) where = `to ${targets.join(", ")}`;
  } catch {
    // The delete went through; only the destination could not be read back.
  }
  const ids = held.slice(0, 20).map((l) => l.id).join(", ");
  const message = `kommo: status "${name}" (${statusId}) of pipeline ${pipelineId} held ${count}; Kommo moved them ${where}. Leads: ${ids}${held.length > 20 ? ", …" : ""}.`;
  console.error(message);
  return message;
}
