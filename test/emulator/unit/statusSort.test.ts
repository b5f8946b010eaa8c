import type { Pipeline, Status } from "../../../emulator/model";
import { renumberStatuses } from "../../../emulator/rules/statusSort";

function status(id: number, sort: number, system: Status["system"] = null): Status {
  return { id, pipelineId: 1, name: `s${id}`, sort, color: "#fffeb2", system, descriptions: [] };
}

function pipeline(statuses: Status[]): Pipeline {
  return { id: 1, name: "p", sort: 1, isMain: true, isUnsortedOn: true, statuses };
}

function order(p: Pipeline): Array<[number, number]> {
  return [...p.statuses].sort((a, b) => a.sort - b.sort).map((s) => [s.id, s.sort]);
}

describe("renumberStatuses", () => {
  test("regular statuses are numbered 20, 30, ... in sort order, system ones are left alone", () => {
    const p = pipeline([
      status(1, 10, "incoming"),
      status(2, 500),
      status(3, 7),
      status(142, 10000, "won"),
      status(143, 11000, "lost"),
    ]);

    renumberStatuses(p);

    expect(order(p)).toEqual([
      [1, 10],
      [3, 20],
      [2, 30],
      [142, 10000],
      [143, 11000],
    ]);
  });

  test("a moved status lands after the one already at its requested sort", () => {
    const p = pipeline([status(2, 20), status(3, 30), status(4, 40)]);

    renumberStatuses(p, new Map([[2, 30]]));

    expect(order(p)).toEqual([
      [3, 20],
      [2, 30],
      [4, 40],
    ]);
  });

  test("several requested at the same sort keep the request order, not the id order", () => {
    const p = pipeline([status(9, 5), status(8, 5)]);

    renumberStatuses(
      p,
      new Map([
        [9, 5],
        [8, 5],
      ]),
    );

    expect(order(p)).toEqual([
      [9, 20],
      [8, 30],
    ]);
  });
});
