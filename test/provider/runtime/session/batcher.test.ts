import { blamedIndexes, createBatcher } from "../../../provider/runtime/batcher";
import { BATCH_MAX_WAIT_MS, BATCH_QUIET_MS, MAX_BATCH } from "../../../provider/runtime/tuning";
import { isolateKommoEnv, withEnv } from "../support";

/** The batcher alone, on a fake clock: which items go out together, and when. */

isolateKommoEnv();
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A batcher whose send records each batch and answers every item with its key, its batch's number and itself. */
function recording() {
  const batches: { key: string; items: number[] }[] = [];
  const add = createBatcher<string, number, string>(async (key, batch) => {
    batches.push({ key, items: batch.map((p) => p.item) });
    const n = batches.length;
    batch.forEach((p) => p.resolve(`${key}#${n}:${p.item}`));
  });
  return { add, batches };
}

describe("createBatcher", () => {
  test("items that arrive within the quiet window go out as one batch once the window has passed", async () => {
    const { add, batches } = recording();
    const results = [add("k", 1)];
    jest.advanceTimersByTime(BATCH_QUIET_MS - 5);
    results.push(add("k", 2));
    jest.advanceTimersByTime(BATCH_QUIET_MS - 5);
    results.push(add("k", 3));
    jest.advanceTimersByTime(BATCH_QUIET_MS - 1);
    // Each arrival restarts the quiet window: nothing has gone yet.
    expect(batches).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(batches).toEqual([{ key: "k", items: [1, 2, 3] }]);
    expect(await Promise.all(results)).toEqual(["k#1:1", "k#1:2", "k#1:3"]);
  });

  test("a pause longer than the quiet window closes the batch", async () => {
    const { add, batches } = recording();
    const first = add("k", 1);
    jest.advanceTimersByTime(BATCH_QUIET_MS);
    const second = add("k", 2);
    jest.advanceTimersByTime(BATCH_QUIET_MS);
    expect(batches).toEqual([
      { key: "k", items: [1] },
      { key: "k", items: [2] },
    ]);
    expect([await first, await second]).toEqual(["k#1:1", "k#2:2"]);
  });

  test("a steady trickle is cut at the maximum wait after its first item", () => {
    const { add, batches } = recording();
    const step = BATCH_QUIET_MS - 5;
    let sent = 0;
    for (let t = 0; t < BATCH_MAX_WAIT_MS; t += step) {
      void add("k", sent++);
      jest.advanceTimersByTime(step);
    }
    expect(batches).toHaveLength(1);
    // Everything that arrived before the deadline, and nothing after it.
    const beforeDeadline = Math.ceil(BATCH_MAX_WAIT_MS / step);
    expect(batches[0].items).toEqual([...Array(beforeDeadline).keys()]);
    expect(sent).toBe(beforeDeadline);
  });

  test(`a full batch of ${MAX_BATCH} goes at once; the next item waits for a window of its own`, async () => {
    const { add, batches } = recording();
    const results = Array.from({ length: MAX_BATCH + 1 }, (_, i) => add("k", i));
    expect(batches.map((b) => b.items.length)).toEqual([MAX_BATCH]);
    jest.advanceTimersByTime(BATCH_QUIET_MS);
    expect(batches.map((b) => b.items.length)).toEqual([MAX_BATCH, 1]);
    expect(batches[1].items).toEqual([MAX_BATCH]);
    const answers = await Promise.all(results);
    expect(answers[0]).toBe("k#1:0");
    expect(answers[MAX_BATCH - 1]).toBe(`k#1:${MAX_BATCH - 1}`);
    expect(answers[MAX_BATCH]).toBe(`k#2:${MAX_BATCH}`);
  });

  test("each key batches apart", async () => {
    const { add, batches } = recording();
    const results = [add("a", 1), add("b", 2), add("a", 3)];
    jest.advanceTimersByTime(BATCH_QUIET_MS);
    // "a" heard from last, so its quiet window ends last: "b" goes first.
    expect(batches).toEqual([
      { key: "b", items: [2] },
      { key: "a", items: [1, 3] },
    ]);
    expect(await Promise.all(results)).toEqual(["a#2:1", "b#1:2", "a#2:3"]);
  });

  test("a send that fails rejects every item of its batch", async () => {
    const add = createBatcher<string, number, string>(async () => {
      throw new Error("boom");
    });
    const results = Promise.allSettled([add("k", 1), add("k", 2)]);
    jest.advanceTimersByTime(BATCH_QUIET_MS);
    expect((await results).map((r) => r.status === "rejected" && (r.reason as Error).message)).toEqual(["boom", "boom"]);
  });

  test("with KOMMO_BATCHING=off every item is sent alone, at once", async () => {
    const { add, batches } = recording();
    const results = await withEnv({ KOMMO_BATCHING: "off" }, async () => {
      const pending = [add("k", 1), add("k", 2)];
      // No timer has run: each went out as it arrived.
      expect(batches).toEqual([
        { key: "k", items: [1] },
        { key: "k", items: [2] },
      ]);
      return Promise.all(pending);
    });
    expect(results).toEqual(["k#1:1", "k#2:2"]);
  });
});

describe("blamedIndexes", () => {
  test("the items a validation error names, when they are some of the batch", () => {
    expect(blamedIndexes([{ index: 1 }], 3)).toEqual(new Set([1]));
    expect(blamedIndexes([{ index: 0 }, { index: 2 }, { index: 0 }], 3)).toEqual(new Set([0, 2]));
  });

  test("nothing to single out when every item, no item, or an unknown item is blamed", () => {
    expect(blamedIndexes([{ index: 0 }, { index: 1 }], 2)).toBeUndefined();
    expect(blamedIndexes([], 2)).toBeUndefined();
    expect(blamedIndexes([{ index: 0 }, {}], 3)).toBeUndefined();
    expect(blamedIndexes([{ index: 3 }], 3)).toBeUndefined();
    expect(blamedIndexes([{ index: -1 }], 3)).toBeUndefined();
  });
});
