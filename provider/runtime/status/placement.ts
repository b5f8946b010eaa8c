import type { Status } from "../../client";
import { INCOMING_SORT, isIncoming, isRegular } from "./systemStatuses";

/**
 * Turns declared sorts into the sort numbers to send.
 *
 * Kommo compares a requested sort with the pipeline's *current* numbers, which it renumbers after every write (a
 * status created with sort 10 lands at 20, after the incoming status). Sending the declared numbers as they are
 * would place statuses by accident. Instead each new or moved status is given a number strictly between the live
 * numbers of its declared neighbours: the managed status declared just before it and the one declared just after.
 * Statuses created together in the same gap are spread across it in declared order, so the result depends neither
 * on timing nor on how the server breaks ties.
 */
export interface PlacementRequest {
  readonly declared: number;
  /** For a move: the status being moved, which is left out of the neighbours. */
  readonly selfId?: number;
}

interface Known {
  readonly id: number;
  readonly server: number;
  readonly declared: number;
}

const STEP = 10;

export function placeStatuses(
  live: readonly Status[],
  requests: readonly PlacementRequest[],
  declaredOf: (statusId: number) => number | undefined,
): number[] {
  const selves = new Set(requests.map((r) => r.selfId).filter((id): id is number => id !== undefined));
  const regular = live.filter((s) => isRegular(s) && !selves.has(s.id)).sort((a, b) => a.sort - b.sort);
  const incoming = live.find(isIncoming)?.sort ?? INCOMING_SORT;
  const lastSort = regular[regular.length - 1]?.sort ?? incoming;
  const known: Known[] = regular
    .map((s) => ({ id: s.id, server: s.sort, declared: declaredOf(s.id) }))
    .filter((k): k is Known => k.declared !== undefined);

  const gaps = new Map<string, { lo: number; hi?: number; members: number[] }>();
  requests.forEach((r, i) => {
    // A tie in declared sort puts the existing status first, as a server that keeps its order would.
    const before = known
      .filter((k) => k.declared <= r.declared)
      .sort((a, b) => a.declared - b.declared || a.server - b.server);
    const after = known
      .filter((k) => k.declared > r.declared)
      .sort((a, b) => a.declared - b.declared || a.server - b.server);
    const p = before[before.length - 1];
    const q = after[0];
    const key = `${p?.id ?? "start"}:${q?.id ?? "end"}`;
    const gap = gaps.get(key) ?? { lo: p ? p.server : incoming, hi: q?.server, members: [] };
    gap.members.push(i);
    gaps.set(key, gap);
  });

  const out = new Array<number>(requests.length);
  for (const gap of gaps.values()) {
    const members = [...gap.members].sort(
      (a, b) => (requests[a]?.declared ?? 0) - (requests[b]?.declared ?? 0) || a - b,
    );
    // With no managed status after them, new statuses go to the very end, after any added in Kommo by hand.
    const lo = gap.hi === undefined ? Math.max(gap.lo, lastSort) : gap.lo;
    const hi = gap.hi ?? lo + STEP * (members.length + 1);
    let previous = lo;
    members.forEach((m, j) => {
      const spread = Math.round(lo + ((hi - lo) * (j + 1)) / (members.length + 1));
      previous = Math.max(spread, previous + 1);
      out[m] = previous;
    });
  }
  return out;
}

/** True when a status already sits between its declared neighbours, so a changed declared sort needs no move. */
export function alreadyPlaced(
  live: readonly Status[],
  self: Status,
  declared: number,
  declaredOf: (id: number) => number | undefined,
): boolean {
  const others = live.filter((s) => isRegular(s) && s.id !== self.id);
  return others.every((s) => {
    const d = declaredOf(s.id);
    if (d === undefined) return true;
    return d <= declared ? s.sort < self.sort : s.sort > self.sort;
  });
}
