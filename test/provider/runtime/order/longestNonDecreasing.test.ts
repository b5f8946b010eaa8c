import { longestNonDecreasing } from "../../../../provider/runtime/order/longestNonDecreasing";

const picked = (values: number[]) => [...longestNonDecreasing(values)].sort((a, b) => a - b).map((i) => values[i]);

describe("longestNonDecreasing", () => {
  test.each([
    [[], []],
    [
      [1, 2, 3],
      [1, 2, 3],
    ],
    [[3, 2, 1], [1]],
    [
      [0, 1, 2, 3, 4, 9, 5, 6, 7, 8],
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
    ],
    [
      [4, 0, 1, 2, 3],
      [0, 1, 2, 3],
    ],
    [
      [1, 3, 2, 4],
      [1, 2, 4],
    ],
  ])("%j keeps %j", (values, kept) => {
    expect(picked(values)).toEqual(kept);
  });

  test("the run is as long as any increasing subsequence", () => {
    const values = [5, 1, 6, 2, 7, 3, 8, 4, 9, 0];
    const run = picked(values);
    expect(run).toHaveLength(5);
    expect([...run].sort((a, b) => a - b)).toEqual(run);
  });
});
