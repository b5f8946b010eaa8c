import { INCOMING_SORT } from "../status/systemStatuses";
import { longestNonDecreasing } from "./longestNonDecreasing";

/** A regular stage as placement sees it: Kommo's id and Kommo's current number. Lists are in Kommo's order. */
export interface Slot {
  readonly id: number;
  readonly sort: number;
}

/** The declared position of a stage; undefined for a stage this order does not manage, which stays where it is. */
export type Rank = (id: number) => number | undefined;

const STEP = 10;

/** The managed stages that must move for the managed ones to stand in rank order: those off the longest ordered run. */
export function stagesToMove(order: readonly Slot[], rank: Rank): number[] {
  const managed = order.filter((s) => rank(s.id) !== undefined);
  const ranks = managed.map((s) => rank(s.id) ?? 0);
  const keep = longestNonDecreasing(ranks);
  return managed
    .filter((_, i) => !keep.has(i))
    .sort((a, b) => (rank(a.id) ?? 0) - (rank(b.id) ?? 0))
    .map((s) => s.id);
}

export const inOrder = (order: readonly Slot[], rank: Rank): boolean => stagesToMove(order, rank).length === 0;

/** A number strictly between two neighbours where there is room; Kommo's tie rules decide otherwise, and are checked. */
export function between(lo: number, hi: number | undefined): number {
  if (hi === undefined) return lo + STEP;
  return hi - lo >= 2 ? Math.floor((lo + hi) / 2) : lo + 1;
}

export interface Target {
  /** Where the stage goes in the list without it. */
  readonly index: number;
  /** The sort to ask Kommo for. */
  readonly sort: number;
}

/**
 * Where a stage goes: right after the managed stage of the next lower rank that is not itself waiting to move, or
 * else right before the first one of a higher rank. `others` is the order without the stage.
 */
export function targetOf(others: readonly Slot[], rank: Rank, id: number, waiting: ReadonlySet<number>): Target {
  const own = rank(id) ?? 0;
  const settled = others
    .map((s, i) => ({ s, i, r: rank(s.id) }))
    .filter((x) => x.r !== undefined && !waiting.has(x.s.id));
  const before = settled.filter((x) => (x.r ?? 0) <= own).pop();
  const index = before ? before.i + 1 : (settled.find((x) => (x.r ?? 0) > own)?.i ?? others.length);
  const lo = index === 0 ? INCOMING_SORT : (others[index - 1]?.sort ?? INCOMING_SORT);
  return { index, sort: between(lo, others[index]?.sort) };
}

/**
 * The order after a move, with the numbers Kommo is now known to hold, or undefined when its answer fits no rule we
 * can follow (then the caller reads the order again). Two rules are recognised: the number kept as sent, and every
 * regular stage renumbered 20, 30, ... after the incoming one, which is what the reference's examples show.
 */
export function afterMove(others: readonly Slot[], id: number, target: Target, answered: number): Slot[] | undefined {
  const order = [...others.slice(0, target.index), { id, sort: answered }, ...others.slice(target.index)];
  if (answered === target.sort) return order;
  if (answered === INCOMING_SORT + STEP * (target.index + 1)) {
    return order.map((s, i) => ({ id: s.id, sort: INCOMING_SORT + STEP * (i + 1) }));
  }
  return undefined;
}

export interface OrderIo {
  /** Sends a sort PATCH for one stage and returns the number Kommo answered. */
  move(id: number, sort: number): Promise<number>;
  /** Reads the pipeline's regular stages in Kommo's order. */
  read(): Promise<Slot[]>;
}

/** A sort PATCH that makes room: a neighbour shifted up, never past the next stage it must stay before. */
export interface Shift {
  readonly id: number;
  readonly sort: number;
}

/**
 * The neighbours to shift up before a stage can go in at `target.index` of `others`, when Kommo keeps numbers as sent
 * and no whole number is free there (neighbours at 20 and 21, or equal). The smallest run of stages from the target
 * on is renumbered, each to the least number that keeps the run strictly increasing above the new stage's. Sent from
 * the top of the run down, no shift ever lands on a number another stage holds, so Kommo never sees two stages equal
 * on the way. `ownSort` is the moving stage's current number, which the shifted ones must not take either.
 * Empty when there is room.
 */
export function shiftsForRoom(others: readonly Slot[], index: number, ownSort: number | undefined): Shift[] {
  const lo = index === 0 ? INCOMING_SORT : (others[index - 1]?.sort ?? INCOMING_SORT);
  const first = others[index];
  if (first === undefined || first.sort - lo >= 2) return [];
  for (let k = 1; k <= others.length - index; k++) {
    const hi = others[index + k]?.sort ?? Number.POSITIVE_INFINITY;
    const plan: Shift[] = [];
    let previous = lo + 1;
    for (const s of others.slice(index, index + k)) {
      let sort = Math.max(s.sort, previous + 1);
      if (sort !== s.sort && sort === ownSort) sort++;
      if (sort !== s.sort) plan.push({ id: s.id, sort });
      previous = sort;
    }
    if (previous < hi) return plan.reverse();
  }
  return [];
}

/** At most this many shifts per stage moved: a Kommo whose answers keep undoing them is left to the next round. */
const MAX_SHIFTS = 200;

/**
 * Moves the fewest stages needed to bring the managed ones into rank order. Each move is computed from the numbers
 * Kommo holds at that moment; when an answer does not say what those are, the order is read again first. Where two
 * neighbours leave no number between them, the stages above are shifted up first (shiftsForRoom), one PATCH each.
 * Returns the order as last known; the caller verifies it against Kommo.
 */
export async function moveIntoOrder(start: readonly Slot[], rank: Rank, io: OrderIo): Promise<Slot[]> {
  let order = [...start];
  const movers = stagesToMove(order, rank);
  const waiting = new Set(movers);
  for (const id of movers) {
    waiting.delete(id);
    for (let shifts = 0; order.some((s) => s.id === id); shifts++) {
      const others = order.filter((s) => s.id !== id);
      const target = targetOf(others, rank, id, waiting);
      const room = shifts < MAX_SHIFTS ? shiftsForRoom(others, target.index, ownSortOf(order, id)) : [];
      const shift = room[0];
      if (shift === undefined) {
        const answered = await io.move(id, target.sort);
        order = afterMove(others, id, target, answered) ?? (await io.read());
        break;
      }
      const answered = await io.move(shift.id, shift.sort);
      // Kept as sent, the board is known; any other answer means Kommo numbers by rules of its own: read them.
      order = answered === shift.sort ? resorted(order, shift) : await io.read();
    }
  }
  return order;
}

const ownSortOf = (order: readonly Slot[], id: number) => order.find((s) => s.id === id)?.sort;

/** The order after a shift Kommo kept as sent; stages never share a number here, so the sort alone decides. */
const resorted = (order: readonly Slot[], shift: Shift): Slot[] =>
  order
    .map((s, i) => ({ s: s.id === shift.id ? { id: s.id, sort: shift.sort } : s, i }))
    .sort((a, b) => a.s.sort - b.s.sort || a.i - b.i)
    .map((x) => x.s);
