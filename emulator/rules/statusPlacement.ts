import type { BatchApply, StatusPlacement, StatusSortNumbers } from "../behaviour/behaviour";
import type { Pipeline, Status } from "../model";
import { AFTER_EVERYTHING, renumberStatuses } from "./statusSort";

export interface CreatedStatus {
  status: Status;
  requestedSort: number;
}

export interface PlacementRules {
  statusPlacement: StatusPlacement;
  batchApply: BatchApply;
  statusSortNumbers: StatusSortNumbers;
}

/**
 * Adds newly created statuses (a status POST, or `_embedded.statuses` on a
 * pipeline create) to the pipeline and numbers the board. The public record
 * fits both placements (docs/kommo-api.md, "Open points"): every example shows a
 * created status landing at the end (100, 200 → 60, 70; 10 → 20), none shows
 * an insert in the middle. How a batch is applied is not documented either:
 * `itemwise` places item k against numbers that items before it already
 * changed. Under `append` both ways give the request order.
 */
export function placeCreatedStatuses(
  pipeline: Pipeline,
  created: readonly CreatedStatus[],
  rules: PlacementRules,
): void {
  const key = (c: CreatedStatus) => (rules.statusPlacement === "append" ? AFTER_EVERYTHING : c.requestedSort);
  if (rules.batchApply === "whole") {
    pipeline.statuses.push(...created.map((c) => c.status));
    renumberStatuses(pipeline, new Map(created.map((c) => [c.status.id, key(c)])), rules.statusSortNumbers);
    return;
  }
  for (const c of created) {
    pipeline.statuses.push(c.status);
    renumberStatuses(pipeline, new Map([[c.status.id, key(c)]]), rules.statusSortNumbers);
  }
}
