/**
 * The sort each managed status was declared with, learned from every provider call that carries it (diff, read,
 * create, update). Kommo only keeps its own renumbered sort, so this is how a new or moved status can be placed
 * relative to the statuses the stack declares.
 */
const declared = new Map<number, { pipelineId: number; sort: number }>();

export function rememberSort(statusId: number, pipelineId: number, sort: number): void {
  if (Number.isInteger(statusId) && Number.isFinite(sort)) declared.set(statusId, { pipelineId, sort });
}

export function forgetSort(statusId: number): void {
  declared.delete(statusId);
}

export function declaredSortOf(statusId: number, pipelineId: number): number | undefined {
  const d = declared.get(statusId);
  return d && d.pipelineId === pipelineId ? d.sort : undefined;
}

/** How long placement waits to learn the declared sorts of statuses it has not heard of yet. */
export const LEARN_WAIT_MS = 1500;

/**
 * Waits until the declared sort of every given status is known, or the wait runs out. The engine diffs every
 * resource of the stack as the program registers it, so a status created or moved early in a run can be placed
 * before its managed neighbours have been diffed; placing it then would ignore them. A status still unknown after
 * the wait is not managed by this stack (added in Kommo by hand), and placement keeps it where it is.
 */
export async function learnDeclaredSorts(statusIds: readonly number[], pipelineId: number, maxMs = LEARN_WAIT_MS): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (statusIds.some((id) => declaredSortOf(id, pipelineId) === undefined) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
