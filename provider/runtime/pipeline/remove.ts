import { LEADS_PAGE_LIMIT } from "../../client";
import type { Lead, Names } from "../../client";
import { orThrow } from "../edge/errors";
import type { Session } from "../session/session";

const WHAT_TO_DO = `Move its leads to another pipeline, or delete them in Kommo, then run again. To stop managing the
pipeline without deleting it, set the resource option \`retainOnDelete: true\` and run again.`;

const REFUSED = `Kommo keeps a pipeline that still holds leads (closed ones, won or lost, included), and the last pipeline
of an account. Nothing was deleted. Move the pipeline's leads to another pipeline or delete them in Kommo (or add
another pipeline first), then run again. To stop managing the pipeline without deleting it, set the resource option
\`retainOnDelete: true\` and run again.`;

/** How many lead ids a message lists. */
const SHOWN_LEADS = 20;

/** Kommo's closed statuses, the same ids in every pipeline: their leads keep a pipeline too. */
const CLOSED = new Set([142, 143]);

/** The first page of the pipeline's leads, or undefined when Kommo would not list them: the DELETE then says. */
async function leadsIn(s: Session, pipelineId: number, names: Names): Promise<Lead[] | undefined> {
  try {
    return await s.reads.leadsOf(pipelineId, names);
  } catch {
    return undefined;
  }
}

/** One page holds at most LEADS_PAGE_LIMIT leads: a full page says "at least". */
export function leadCount(leads: readonly Lead[]): string {
  if (leads.length >= LEADS_PAGE_LIMIT) return `at least ${LEADS_PAGE_LIMIT} leads`;
  return `${leads.length} lead${leads.length === 1 ? "" : "s"}`;
}

function holdsLeads(pipelineId: number, name: string, leads: readonly Lead[]): Error {
  const label = `pipeline "${name}" (${pipelineId})`;
  const closed = leads.filter((l) => CLOSED.has(l.status_id)).length;
  const ofThem = closed === 0 ? "" : closed === leads.length ? ", all of them closed" : `, ${closed} of them closed`;
  const ids = leads
    .slice(0, SHOWN_LEADS)
    .map((l) => l.id)
    .join(", ");
  return new Error(
    `Kommo: could not delete ${label}: it holds ${leadCount(leads)}${ofThem}, and Kommo refuses to delete a pipeline ` +
      `that holds any lead, closed ones included. Nothing was sent to Kommo. Leads: ${ids}${leads.length > SHOWN_LEADS ? ", …" : ""}.\n` +
      `Pipeline "${name}" (${pipelineId}) was not deleted. ${WHAT_TO_DO}`,
  );
}

/**
 * Deletes a pipeline with its statuses; one already gone counts as deleted, and a refusal says what to do. Kommo
 * refuses to delete a pipeline that holds leads, so they are looked for first (one page, shared with the status
 * deletes of the same run): a pipeline that holds any is not sent a DELETE, and the message says how many. When the
 * leads cannot be listed, the DELETE is sent all the same, and Kommo's refusal, if it comes, says why.
 */
export async function removePipeline(s: Session, pipelineId: number, name: string): Promise<void> {
  const names: Names = { pipeline: name };
  const leads = await leadsIn(s, pipelineId, names);
  if (leads && leads.length > 0) throw holdsLeads(pipelineId, name, leads);
  const hint = `Pipeline "${name}" (${pipelineId}) was not deleted. ${REFUSED}`;
  try {
    await orThrow(s.client.deletePipelineIfPresent(pipelineId, names), { validation: hint });
  } finally {
    s.reads.invalidate(pipelineId);
    s.reads.forgetLeads(pipelineId);
  }
}
