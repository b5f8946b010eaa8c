import { pipelineSortFor } from "../../../../provider/runtime/pipeline/placement";

/** Live pipelines as Kommo lists them, by id and number; `declared` is what the stack declares for some of them. */
const live = (...pipelines: [id: number, sort: number][]) => pipelines.map(([id, sort]) => ({ id, sort }));
const declaredFrom = (m: Record<number, number>) => (id: number) => m[id];

describe("pipelineSortFor", () => {
  test("on an empty account the declared sort is sent as it is", () => {
    expect(pipelineSortFor([], 10, declaredFrom({}))).toBe(10);
  });

  test("with none of the stack's pipelines known, it goes after everything else, in declared order", () => {
    const account = live([1, 100], [2, 40]);
    expect(pipelineSortFor(account, 10, declaredFrom({}))).toBe(110);
    expect(pipelineSortFor(account, 20, declaredFrom({}))).toBe(120);
  });

  test("after the stack's pipeline declared just before it, and before whatever follows that one in Kommo", () => {
    const account = live([1, 100], [9, 200], [2, 300]);
    // 1 is declared at 10 and 2 at 30: a pipeline declared at 20 goes after 1, before the next live pipeline (9).
    expect(pipelineSortFor(account, 20, declaredFrom({ 1: 10, 2: 30 }))).toBe(150);
  });

  test("after the last of the stack's pipelines, a step past it", () => {
    expect(pipelineSortFor(live([1, 100]), 20, declaredFrom({ 1: 10 }))).toBe(110);
  });

  test("a tie in declared sort goes after the known pipeline", () => {
    expect(pipelineSortFor(live([1, 100], [2, 200]), 10, declaredFrom({ 1: 10, 2: 20 }))).toBe(150);
  });

  test("before the first of the stack's pipelines when none is declared before it", () => {
    expect(pipelineSortFor(live([9, 50], [1, 100]), 5, declaredFrom({ 1: 10 }))).toBe(75);
    expect(pipelineSortFor(live([1, 100]), 5, declaredFrom({ 1: 10 }))).toBe(50);
  });

  test("live numbers count, not declared ones: Kommo's own numbering does not mislead it", () => {
    // Declared 100 and 200, numbered by Kommo 1000 and 1010: declared 150 still goes between them.
    const sort = pipelineSortFor(live([1, 1000], [2, 1010]), 150, declaredFrom({ 1: 100, 2: 200 }));
    expect(sort).toBeGreaterThan(1000);
    expect(sort).toBeLessThan(1010);
  });

  test("a pipeline being moved is not its own neighbour", () => {
    // Pipeline 3 moves from the end to between 1 and 2.
    const account = live([1, 100], [2, 200], [3, 300]);
    expect(pipelineSortFor(account, 15, declaredFrom({ 1: 10, 2: 20, 3: 15 }), 3)).toBe(150);
  });

  test("never below 0", () => {
    expect(pipelineSortFor(live([1, 0]), 5, declaredFrom({ 1: 10 }))).toBeGreaterThanOrEqual(0);
  });
});
