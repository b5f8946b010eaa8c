import { Account } from "../../../emulator/account";
import { IdSource } from "../../../emulator/ids";
import type { Pipeline } from "../../../emulator/model";
import { settlePipelineSorts } from "../../../emulator/rules/pipelineSort";

function account(pipelines: Array<[id: number, sort: number, main: boolean]>): Account {
  const result = new Account(1, new IdSource());
  for (const [id, sort, isMain] of pipelines) {
    const pipeline: Pipeline = { id, name: `p${id}`, sort, isMain, isUnsortedOn: true, statuses: [] };
    result.pipelines.set(id, pipeline);
  }
  return result;
}

function sorts(a: Account): Array<[number, number]> {
  return [...a.pipelines.values()].map((p) => [p.id, p.sort]);
}

describe("settlePipelineSorts", () => {
  test("kept leaves every sort as it is", () => {
    const a = account([
      [1, 5, true],
      [2, 70, false],
      [3, 3, false],
    ]);

    settlePipelineSorts(a, "kept", new Map([[2, 1]]));

    expect(sorts(a)).toEqual([
      [1, 5],
      [2, 70],
      [3, 3],
    ]);
  });

  test("renumbered: main 1, the others 1000, 2000, ... by requested sort for the moved one, current for the rest", () => {
    const a = account([
      [1, 5, true],
      [2, 1000, false],
      [3, 2000, false],
      [4, 3000, false],
    ]);

    settlePipelineSorts(a, "renumbered", new Map([[4, 1500]]));

    expect(sorts(a)).toEqual([
      [1, 1],
      [2, 1000],
      [3, 3000],
      [4, 2000],
    ]);
  });

  test("renumbered: on an equal value the pipeline in place comes first, then the requested ones in request order", () => {
    const a = account([
      [1, 1, true],
      [2, 1000, false],
      [7, 0, false],
      [5, 0, false],
    ]);

    settlePipelineSorts(
      a,
      "renumbered",
      new Map([
        [7, 1000],
        [5, 1000],
      ]),
    );

    expect(sorts(a)).toEqual([
      [1, 1],
      [2, 1000],
      [7, 2000],
      [5, 3000],
    ]);
  });
});
