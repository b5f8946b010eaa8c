/**
 * The names of the objects a request concerns, where the caller knows them. They only go into messages (the
 * `target` of an Operation): a request is the same with or without them.
 */
export interface Names {
  readonly pipeline?: string;
  readonly status?: string;
}

/** `pipeline "Sales" (6950551)` with its name, `pipeline 6950551` without. */
export function named(kind: string, id: number, name: string | undefined): string {
  return name !== undefined && name !== "" ? `${kind} "${name}" (${id})` : `${kind} ${id}`;
}

export const pipelineLabel = (pipelineId: number, names?: Names): string =>
  named("pipeline", pipelineId, names?.pipeline);

export const statusLabel = (pipelineId: number, statusId: number, names?: Names): string =>
  `${named("status", statusId, names?.status)} in ${pipelineLabel(pipelineId, names)}`;
