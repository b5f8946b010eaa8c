import type { Pipeline, Status } from "../../../emulator/model";
import { placeCreatedStatuses, type PlacementRules } from "../../../emulator/rules/statusPlacement";

function status(id: number, sort: number, system: Status["system"] = null): Status {
  return { id, pipelineId: 1, name: `s${id}`, sort, color: "#fffeb2", system, descriptions: [] };
}

/** Incoming at 10, regular 2 and 3 at 20 and 30, then 142 and 143. */
function pipeline(): Pipeline {
  return {
    id: 1,
    name: "p",
    sort: 1,
    isMain: true,
    isUnsortedOn: true,
    statuses: [
      status(1, 10, "incoming"),
      status(2, 20),
      status(3, 30),
      status(142, 10000, "won"),
      status(143, 11000, "lost"),
    ],
  };
}

function order(p: Pipeline): Array<[number, number]> {
  return [...p.statuses].sort((a, b) => a.sort - b.sort || a.id - b.id).map((s) => [s.id, s.sort]);
}

/** Statuses 8 and 9 asked for at 25 and 35. */
function place(rules: PlacementRules): Array<[number, number]> {
  const p = pipeline();
  placeCreatedStatuses(
    p,
    [
      { status: status(8, 0), requestedSort: 25 },
      { status: status(9, 0), requestedSort: 35 },
    ],
    rules,
  );
  return order(p);
}

describe("placeCreatedStatuses", () => {
  const system: Array<[number, number]> = [
    [142, 10000],
    [143, 11000],
  ];

  test("insert, whole: both compared with the numbers from before", () => {
    expect(place({ statusPlacement: "insert", batchApply: "whole", statusSortNumbers: "tens" })).toEqual([
      [1, 10],
      [2, 20],
      [8, 30],
      [3, 40],
      [9, 50],
      ...system,
    ]);
  });

  test("insert, itemwise: the second compared with the numbers the first left", () => {
    expect(place({ statusPlacement: "insert", batchApply: "itemwise", statusSortNumbers: "tens" })).toEqual([
      [1, 10],
      [2, 20],
      [8, 30],
      [9, 40],
      [3, 50],
      ...system,
    ]);
  });

  test("append, either way: after every regular status, in request order", () => {
    const appended: Array<[number, number]> = [[1, 10], [2, 20], [3, 30], [8, 40], [9, 50], ...system];

    expect(place({ statusPlacement: "append", batchApply: "whole", statusSortNumbers: "tens" })).toEqual(appended);
    expect(place({ statusPlacement: "append", batchApply: "itemwise", statusSortNumbers: "tens" })).toEqual(appended);
  });

  test("kept, insert: stored as sent, nothing else renumbered", () => {
    expect(place({ statusPlacement: "insert", batchApply: "whole", statusSortNumbers: "kept" })).toEqual([
      [1, 10],
      [2, 20],
      [8, 25],
      [3, 30],
      [9, 35],
      ...system,
    ]);
  });

  test("kept, append: last + 1 for each, in request order, whichever way the batch is applied", () => {
    const appended: Array<[number, number]> = [[1, 10], [2, 20], [3, 30], [8, 31], [9, 32], ...system];

    expect(place({ statusPlacement: "append", batchApply: "whole", statusSortNumbers: "kept" })).toEqual(appended);
    expect(place({ statusPlacement: "append", batchApply: "itemwise", statusSortNumbers: "kept" })).toEqual(appended);
  });

  test("kept: equal numbers are listed by id, and a delete renumbers nothing", () => {
    const p = pipeline();
    placeCreatedStatuses(p, [{ status: status(8, 0), requestedSort: 20 }], {
      statusPlacement: "insert",
      batchApply: "whole",
      statusSortNumbers: "kept",
    });
    expect(order(p).slice(1, 4)).toEqual([
      [2, 20],
      [8, 20],
      [3, 30],
    ]);
  });
});
