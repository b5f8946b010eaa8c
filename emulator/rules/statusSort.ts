import type { Pipeline } from "../model";
import { INCOMING_SORT, isRegular } from "./systemStatuses";

const STEP = 10;

/**
 * Kommo renumbers status sort (docs/kommo-api.md): in the reference, statuses sent with
 * sort 100 and 200 after regular statuses ending at 50 came back as 60 and 70,
 * and a lone status sent with 10 came back as 20. The rule here, applied after
 * every create, sort change and delete:
 *
 * - regular statuses are ordered by their sort key: the requested sort for the
 *   ones being created or moved, the current (already renumbered) sort for the
 *   rest;
 * - on equal keys a status already in place comes first, then the created or
 *   moved ones in request order;
 * - they are then numbered 20, 30, 40, ... after the incoming status at 10.
 *
 * `requested` maps status id to requested sort; its insertion order is the
 * request order.
 */
export function renumberStatuses(pipeline: Pipeline, requested: ReadonlyMap<number, number> = new Map()): void {
  const requestOrder = [...requested.keys()];
  const keyed = pipeline.statuses.filter(isRegular).map((status) => {
    const asked = requested.get(status.id);
    return asked === undefined
      ? { status, key: status.sort, tier: 0, seq: status.id }
      : { status, key: asked, tier: 1, seq: requestOrder.indexOf(status.id) };
  });
  keyed.sort((a, b) => a.key - b.key || a.tier - b.tier || a.seq - b.seq);
  keyed.forEach((entry, index) => {
    entry.status.sort = INCOMING_SORT + STEP * (index + 1);
  });
}
