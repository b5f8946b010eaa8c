import * as E from "fp-ts/Either";
import type { KommoFailure } from "../../../../provider/client";
import {
  BATCH_MAX_WAIT_MS,
  BATCH_QUIET_MS,
  MAX_BATCH_ENTITIES,
  MAX_BATCH_ITEMS,
  chunk,
  createBatcher,
  settleBatch,
  type Pending,
} from "../../../../provider/runtime/session/batcher";

/** The batcher alone, on a fake clock: which items go out together, and when. */

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/**
 * A batcher whose send records each batch and answers every item with its key, its batch's number and itself.
 * `weight` makes each item count as its own value of entities.
 */
function recording(options: { enabled?: boolean; weighted?: boolean } = {}) {
  const batches: { key: string; items: number[] }[] = [];
  const add = createBatcher<string, number, string>(
    async (key, batch) => {
      batches.push({ key, items: batch.map((p) => p.item) });
      const n = batches.length;
      batch.forEach((p) => {
        p.resolve(`${key}#${n}:${p.item}`);
      });
    },
    { enabled: options.enabled ?? true, ...(options.weighted ? { weight: (item: number) => item } : {}) },
  );
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
    expect(batches[0]?.items).toEqual([...Array(beforeDeadline).keys()]);
    expect(sent).toBe(beforeDeadline);
  });

  test(`a full batch of ${MAX_BATCH_ITEMS} items goes at once; the next item waits for a window of its own`, async () => {
    const { add, batches } = recording();
    const results = Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => add("k", i));
    expect(batches.map((b) => b.items.length)).toEqual([MAX_BATCH_ITEMS]);
    jest.advanceTimersByTime(BATCH_QUIET_MS - 1);
    expect(batches).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(batches.map((b) => b.items.length)).toEqual([MAX_BATCH_ITEMS, 1]);
    expect(batches[1]?.items).toEqual([MAX_BATCH_ITEMS]);
    const answers = await Promise.all(results);
    expect(answers[0]).toBe("k#1:0");
    expect(answers[MAX_BATCH_ITEMS - 1]).toBe(`k#1:${MAX_BATCH_ITEMS - 1}`);
    expect(answers[MAX_BATCH_ITEMS]).toBe(`k#2:${MAX_BATCH_ITEMS}`);
  });

  test(`items that would pass ${MAX_BATCH_ENTITIES} entities close the batch; the one that does not fit waits for a window of its own`, async () => {
    const { add, batches } = recording({ weighted: true });
    const results = [add("k", 100), add("k", 100)];
    expect(batches).toEqual([]);
    // 300 entities: the first two go at once, as a full batch.
    results.push(add("k", 100));
    expect(batches).toEqual([{ key: "k", items: [100, 100] }]);
    // The third starts the next batch, which waits for its window like any other and takes what arrives in it.
    results.push(add("k", 20));
    jest.advanceTimersByTime(BATCH_QUIET_MS);
    expect(batches).toEqual([
      { key: "k", items: [100, 100] },
      { key: "k", items: [100, 20] },
    ]);
    expect(await Promise.all(results)).toEqual(["k#1:100", "k#1:100", "k#2:100", "k#2:20"]);
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
    const add = createBatcher<string, number, string>(
      async () => {
        throw new Error("boom");
      },
      { enabled: true },
    );
    const results = Promise.allSettled([add("k", 1), add("k", 2)]);
    jest.advanceTimersByTime(BATCH_QUIET_MS);
    expect((await results).map((r) => r.status === "rejected" && (r.reason as Error).message)).toEqual([
      "boom",
      "boom",
    ]);
  });

  test("turned off (KOMMO_BATCHING=off), every item is sent alone, at once", async () => {
    const { add, batches } = recording({ enabled: false });
    const pending = [add("k", 1), add("k", 2)];
    // No timer has run: each went out as it arrived.
    expect(jest.getTimerCount()).toBe(0);
    expect(batches).toEqual([
      { key: "k", items: [1] },
      { key: "k", items: [2] },
    ]);
    expect(await Promise.all(pending)).toEqual(["k#1:1", "k#2:2"]);
  });
});

describe("chunk", () => {
  test(`cuts a queue into requests of at most ${MAX_BATCH_ITEMS} items, in order`, () => {
    const items = Array.from({ length: 2 * MAX_BATCH_ITEMS + 1 }, (_, i) => i);
    const chunks = chunk(items, () => 1);
    expect(chunks.map((c) => c.length)).toEqual([MAX_BATCH_ITEMS, MAX_BATCH_ITEMS, 1]);
    expect(chunks.flat()).toEqual(items);
  });

  test(`cuts where the next item would pass ${MAX_BATCH_ENTITIES} entities; exactly ${MAX_BATCH_ENTITIES} fits`, () => {
    expect(chunk([98, 98, 98], (w) => w)).toEqual([[98, 98], [98]]);
    expect(chunk([125, 125, 1], (w) => w)).toEqual([[125, 125], [1]]);
  });

  test("an item counts as at least one entity", () => {
    const zeros = Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => 0);
    expect(chunk(zeros, (w) => w).map((c) => c.length)).toEqual([MAX_BATCH_ITEMS, 1]);
  });

  test("nothing to send is no request", () => {
    expect(chunk([], () => 1)).toEqual([]);
  });
});

describe("settleBatch", () => {
  const op = { action: "create", method: "POST", path: "/api/v4/leads/pipelines" };
  function pending(names: string[]) {
    const settled: Record<string, { value?: string; error?: Error }> = {};
    const batch: Pending<string, string>[] = names.map((item) => ({
      item,
      resolve: (value) => (settled[item] = { value }),
      reject: (error) => (settled[item] = { error }),
    }));
    return { batch, settled };
  }

  test("each item resolves with its own result, or rejects with its own failure, named for it", () => {
    const { batch, settled } = pending(["A", "B"]);
    const refused: KommoFailure = {
      kind: "validation",
      op,
      status: 400,
      items: [{ request_id: "1", errors: [{ code: "InvalidType", path: "name" }] }],
    };
    settleBatch(batch, [E.right("made A"), E.left(refused)], (item) => `pipeline "${item}"`);
    expect(settled.A).toEqual({ value: "made A" });
    expect(settled.B?.error?.message).toMatch(/^Kommo: could not create pipeline "B" \(HTTP 400\)/);
    expect((settled.B?.error as Error & { kind?: string }).kind).toBe("validation");
  });

  test("an item the answer says nothing of is rejected, not left waiting", () => {
    const { batch, settled } = pending(["A", "B"]);
    settleBatch(batch, [E.right("made A")], (item) => `pipeline "${item}"`);
    expect(settled.B?.error?.message).toBe('Kommo answered no result for pipeline "B".');
  });
});
