import fc from "fast-check";
import {
  afterMove,
  between,
  moveIntoOrder,
  shiftsForRoom,
  stagesToMove,
  targetOf,
  type Slot,
} from "../../../../provider/runtime/order/reorder";

const slots = (...ids: number[]): Slot[] => ids.map((id, i) => ({ id, sort: 20 + 10 * i }));
/** Declared position = the id's position in `declared`. */
const rankBy = (declared: number[]) => (id: number) => {
  const i = declared.indexOf(id);
  return i < 0 ? undefined : i;
};

/** A Kommo that places a moved stage by requested sort among the current numbers and renumbers 20, 30, ... */
function renumberingKommo(start: Slot[]) {
  let order = [...start];
  const moves: number[] = [];
  return {
    moves,
    order: () => order,
    io: {
      move: async (id: number, sort: number) => {
        moves.push(id);
        const others = order.filter((s) => s.id !== id);
        const at = others.findIndex((s) => s.sort > sort);
        const index = at < 0 ? others.length : at;
        order = [...others.slice(0, index), { id, sort }, ...others.slice(index)].map((s, i) => ({
          id: s.id,
          sort: 20 + 10 * i,
        }));
        return order.find((s) => s.id === id)?.sort ?? 0;
      },
      read: async () => order,
    },
  };
}

describe("stagesToMove", () => {
  test("an ordered list moves nothing", () => {
    expect(stagesToMove(slots(1, 2, 3), rankBy([1, 2, 3]))).toEqual([]);
  });

  test("one stage out of place is the only one to move, even at the far end", () => {
    expect(stagesToMove(slots(5, 1, 2, 3, 4), rankBy([1, 2, 3, 4, 5]))).toEqual([5]);
    expect(stagesToMove(slots(2, 3, 4, 5, 1), rankBy([1, 2, 3, 4, 5]))).toEqual([1]);
  });

  test("stages the order does not manage never move", () => {
    expect(stagesToMove(slots(9, 2, 1), rankBy([1, 2]))).toHaveLength(1);
    expect(stagesToMove(slots(9, 2, 1), rankBy([1, 2]))).not.toContain(9);
  });

  test("a full reversal of n stages moves n - 1", () => {
    expect(stagesToMove(slots(5, 4, 3, 2, 1), rankBy([1, 2, 3, 4, 5]))).toHaveLength(4);
  });
});

describe("between and targetOf", () => {
  test("between takes the middle where there is room, and steps past the end", () => {
    expect(between(20, 30)).toBe(25);
    expect(between(20, 21)).toBe(21);
    expect(between(40, undefined)).toBe(50);
  });

  test("a stage goes right after its declared predecessor", () => {
    const others = slots(1, 2, 4);
    expect(targetOf(others, rankBy([1, 2, 3, 4]), 3, new Set())).toEqual({ index: 2, sort: 35 });
  });

  test("a first stage goes before everything, after the incoming status at 10", () => {
    expect(targetOf(slots(2, 3), rankBy([1, 2, 3]), 1, new Set())).toEqual({ index: 0, sort: 15 });
  });
});

describe("afterMove", () => {
  const others = slots(1, 2);
  test("a number kept as sent keeps the others' numbers", () => {
    expect(afterMove(others, 3, { index: 1, sort: 25 }, 25)).toEqual([
      { id: 1, sort: 20 },
      { id: 3, sort: 25 },
      { id: 2, sort: 30 },
    ]);
  });

  test("a renumbered answer renumbers the model", () => {
    expect(afterMove(others, 3, { index: 1, sort: 25 }, 30)?.map((s) => s.sort)).toEqual([20, 30, 40]);
  });

  test("an answer that fits neither rule asks for a reading", () => {
    expect(afterMove(others, 3, { index: 1, sort: 25 }, 999)).toBeUndefined();
  });
});

describe("moveIntoOrder", () => {
  test.each([[[5, 4, 3, 2, 1]], [[2, 3, 4, 5, 1]], [[3, 1, 4, 5, 2]], [[1, 2, 3, 4, 5]]])(
    "brings %j into declared order against a renumbering Kommo with the fewest moves",
    async (ids) => {
      const declared = [1, 2, 3, 4, 5];
      const kommo = renumberingKommo(slots(...ids));
      const expected = stagesToMove(slots(...ids), rankBy(declared)).length;
      await moveIntoOrder(kommo.order(), rankBy(declared), kommo.io);
      expect(kommo.order().map((s) => s.id)).toEqual(declared);
      expect(kommo.moves).toHaveLength(expected);
    },
  );

  test("reads the order again when an answer fits no known numbering", async () => {
    let reads = 0;
    const order = slots(2, 1);
    const result = await moveIntoOrder(order, rankBy([1, 2]), {
      move: async () => 777,
      read: async () => {
        reads++;
        return slots(1, 2);
      },
    });
    expect(reads).toBe(1);
    expect(result.map((s) => s.id)).toEqual([1, 2]);
  });
});

describe("dense numbers kept as sent", () => {
  /** A Kommo that stores a sort as sent, renumbers nothing, and lists equal numbers by id. */
  function keptKommo(start: Slot[]) {
    let board = [...start];
    const listed = () => [...board].sort((a, b) => a.sort - b.sort || a.id - b.id);
    const ties = () => {
      const sorts = board.map((s) => s.sort);
      return sorts.length - new Set(sorts).size;
    };
    const tiesAfterMove: number[] = [];
    let moves = 0;
    return {
      listed,
      ties,
      tiesAfterMove,
      moves: () => moves,
      io: {
        move: async (id: number, sort: number) => {
          moves++;
          board = board.map((s) => (s.id === id ? { id, sort } : s));
          tiesAfterMove.push(ties());
          return sort;
        },
        read: async () => listed(),
      },
    };
  }

  test("no whole number between two neighbours: the one above is shifted up first, then the stage goes between", async () => {
    const kommo = keptKommo([
      { id: 1, sort: 20 },
      { id: 2, sort: 21 },
      { id: 3, sort: 22 },
      { id: 4, sort: 30 },
    ]);
    await moveIntoOrder(kommo.listed(), rankBy([1, 4, 2, 3]), kommo.io);

    expect(kommo.listed().map((s) => s.id)).toEqual([1, 4, 2, 3]);
    expect(kommo.tiesAfterMove.every((t) => t === 0)).toBe(true);
  });

  test("shiftsForRoom renumbers the smallest run, from the top down, never onto the moving stage's number", () => {
    const others: Slot[] = [
      { id: 1, sort: 20 },
      { id: 2, sort: 21 },
      { id: 3, sort: 22 },
      { id: 5, sort: 40 },
    ];
    expect(shiftsForRoom(others, 1, 30)).toEqual([
      { id: 3, sort: 23 },
      { id: 2, sort: 22 },
    ]);
    expect(shiftsForRoom(others, 1, 23)).toEqual([
      { id: 3, sort: 24 },
      { id: 2, sort: 22 },
    ]);
    expect(shiftsForRoom(others, 3, 30)).toEqual([]);
  });

  test("property: any dense board and any declared order, in order after one pass, and no move makes a new tie", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 12 }).chain((n) =>
          fc.record({
            sorts: fc.oneof(
              fc.shuffledSubarray(
                Array.from({ length: n }, (_, i) => 11 + i),
                { minLength: n, maxLength: n },
              ),
              fc.array(fc.integer({ min: 11, max: 11 + n }), { minLength: n, maxLength: n }),
            ),
            declared: fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i + 1),
              { minLength: n, maxLength: n },
            ),
          }),
        ),
        async ({ sorts, declared }) => {
          const kommo = keptKommo(sorts.map((sort, i) => ({ id: i + 1, sort })));
          const tiesBefore = kommo.ties();
          await moveIntoOrder(kommo.listed(), rankBy(declared), kommo.io);

          expect(kommo.listed().map((s) => s.id)).toEqual(declared);
          // A tie the hand made may stay until its stage is moved; none is ever added.
          expect(Math.max(tiesBefore, ...kommo.tiesAfterMove)).toBe(tiesBefore);
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  });
});
