import { DeclaredOrders, LEARN_WAIT_MS } from "../../../../provider/runtime/session/declaredOrders";

/** On a fake clock, so "resolves at once" means no timer had to run, and "waits" means exactly as long as allowed. */

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const P = 91;
const OTHER = 92;

/** A learn() whose settling can be looked at without awaiting it. */
function watch(promise: Promise<void>) {
  const state = { done: false };
  void promise.then(() => (state.done = true));
  return state;
}

/** Lets the promise callbacks that are already due run, without moving the clock. */
const settle = () => Promise.resolve().then(() => undefined);

describe("what each status was declared with", () => {
  test("a remembered sort is known in its own pipeline only", () => {
    const orders = new DeclaredOrders();
    orders.remember(9100001, P, 20);
    expect(orders.sortOf(9100001, P)).toBe(20);
    expect(orders.sortOf(9100001, OTHER)).toBeUndefined();
  });

  test("the last declaration wins, and a forgotten status is unknown again", () => {
    const orders = new DeclaredOrders();
    orders.remember(9100001, P, 20);
    orders.remember(9100001, P, 40);
    expect(orders.sortOf(9100001, P)).toBe(40);
    orders.forget(9100001);
    expect(orders.sortOf(9100001, P)).toBeUndefined();
  });

  test("an id or a sort that is not a number is not remembered", () => {
    const orders = new DeclaredOrders();
    orders.remember(Number.NaN, P, 20);
    orders.remember(9100002, P, Number.NaN);
    expect(orders.sortOf(Number.NaN, P)).toBeUndefined();
    expect(orders.sortOf(9100002, P)).toBeUndefined();
  });
});

describe("learn: placement waits to learn its neighbours' declared sorts", () => {
  test("with every sort already known, it resolves without starting a timer", async () => {
    const orders = new DeclaredOrders();
    orders.remember(9100001, P, 10);
    const learning = watch(orders.learn([9100001], P));
    expect(jest.getTimerCount()).toBe(0);
    await settle();
    expect(learning.done).toBe(true);
  });

  test("it resolves the moment the last missing sort is remembered, and stops its timer", async () => {
    const orders = new DeclaredOrders();
    orders.remember(9100001, P, 10);
    const learning = watch(orders.learn([9100001, 9100002, 9100003], P, 5000));
    jest.advanceTimersByTime(120);
    orders.remember(9100002, P, 20);
    await settle();
    // One is still missing: it keeps waiting.
    expect(learning.done).toBe(false);
    orders.remember(9100003, P, 30);
    await settle();
    // Not a millisecond more has passed on the clock, and no timer is left to run.
    expect(learning.done).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    expect(orders.sortOf(9100003, P)).toBe(30);
  });

  test("a status nobody declares (added in Kommo by hand) ends the wait at its limit exactly, and stays unknown", async () => {
    const orders = new DeclaredOrders();
    const learning = watch(orders.learn([9100009], P, 200));
    jest.advanceTimersByTime(199);
    await settle();
    expect(learning.done).toBe(false);
    jest.advanceTimersByTime(1);
    await settle();
    expect(learning.done).toBe(true);
    expect(orders.sortOf(9100009, P)).toBeUndefined();
  });

  test(`the limit is ${LEARN_WAIT_MS} ms unless given`, async () => {
    const orders = new DeclaredOrders();
    const learning = watch(orders.learn([9100009], P));
    jest.advanceTimersByTime(LEARN_WAIT_MS - 1);
    await settle();
    expect(learning.done).toBe(false);
    jest.advanceTimersByTime(1);
    await settle();
    expect(learning.done).toBe(true);
  });

  test("a sort remembered for another pipeline does not end the wait", async () => {
    const orders = new DeclaredOrders();
    const learning = watch(orders.learn([9100010], P, 100));
    orders.remember(9100010, OTHER, 30);
    await settle();
    expect(learning.done).toBe(false);
    jest.advanceTimersByTime(100);
    await settle();
    expect(learning.done).toBe(true);
    expect(orders.sortOf(9100010, P)).toBeUndefined();
  });

  test("waits for different statuses end apart, each when its own are known", async () => {
    const orders = new DeclaredOrders();
    const first = watch(orders.learn([1], P, 1000));
    const second = watch(orders.learn([2], P, 1000));
    orders.remember(2, P, 20);
    await settle();
    expect([first.done, second.done]).toEqual([false, true]);
    orders.remember(1, P, 10);
    await settle();
    expect([first.done, second.done]).toEqual([true, true]);
    expect(jest.getTimerCount()).toBe(0);
  });

  test("a wait that timed out is not woken again by a later remember", async () => {
    const orders = new DeclaredOrders();
    let resolutions = 0;
    void orders.learn([3], P, 50).then(() => resolutions++);
    jest.advanceTimersByTime(50);
    await settle();
    orders.remember(3, P, 30);
    await settle();
    expect(resolutions).toBe(1);
  });
});
