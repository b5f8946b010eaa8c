import type { Pipeline, Status } from "../model";

/**
 * "The first pipeline status": where a new lead lands when no status is given,
 * and where leads go when their status is deleted. Taken to be the first
 * regular status, the first column of a working board; the incoming-leads
 * status only when no regular status is left (assumption, README).
 */
export function firstStatus(pipeline: Pipeline, excludingId?: number): Status {
  const candidates = pipeline.statuses.filter((s) => s.id !== excludingId);
  const regular = candidates.filter((s) => s.system === null).sort((a, b) => a.sort - b.sort || a.id - b.id);
  const first = regular[0] ?? candidates.find((s) => s.system === "incoming");
  if (first === undefined) throw new Error(`Invariant broken: pipeline ${pipeline.id} has no incoming status`);
  return first;
}
