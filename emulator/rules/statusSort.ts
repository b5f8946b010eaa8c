import type { StatusSortNumbers } from "../behaviour/behaviour";
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
export function renumberStatuses(
  pipeline: Pipeline,
  requested: ReadonlyMap<number, number> = new Map(),
  numbers: StatusSortNumbers = "tens",
): void {
  if (numbers === "kept") {
    keepAsSent(pipeline, requested);
    return;
  }
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

/** Beyond any sort a client sends: a status keyed with it goes after every regular one in place. */
export const AFTER_EVERYTHING = Number.MAX_SAFE_INTEGER;

/**
 * Under `kept` nothing is renumbered: a requested sort is stored as sent, and ties are broken by id when the board is
 * listed, so numbers can be dense and equal. A status sent to the end (AFTER_EVERYTHING, the `append` placement) gets
 * the last regular number + 1, the way a Kommo that appends would number it.
 */
function keepAsSent(pipeline: Pipeline, requested: ReadonlyMap<number, number>): void {
  for (const [id, sort] of requested) {
    const status = pipeline.statuses.find((s) => s.id === id);
    if (status === undefined) continue;
    if (sort !== AFTER_EVERYTHING) {
      status.sort = sort;
      continue;
    }
    const others = pipeline.statuses.filter((s) => isRegular(s) && s !== status && !pending(s.id, requested, id));
    status.sort = Math.max(INCOMING_SORT, ...others.map((s) => s.sort)) + 1;
  }
}

/** A status of the same request not placed yet: it must not count as the last one in place. */
function pending(id: number, requested: ReadonlyMap<number, number>, current: number): boolean {
  const order = [...requested.keys()];
  return requested.get(id) === AFTER_EVERYTHING && order.indexOf(id) > order.indexOf(current);
}
