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
