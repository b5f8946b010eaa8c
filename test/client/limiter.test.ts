import { SlidingWindowLimiter, sharedLimiter } from "../../provider/client/limiter";

describe("the sliding-window limiter", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  async function settle() {
    for (let i = 0; i < 50; i++) await Promise.resolve();
  }

  test("lets 7 requests through at once and holds the 8th until the window has passed", async () => {
    const limiter = new SlidingWindowLimiter({ perSecond: 7, windowMs: 1000 });
    let granted = 0;
    // Each request is answered the moment it is granted.
    for (let i = 0; i < 15; i++) void limiter.acquire().then((answered) => (granted++, answered()));
    await settle();
    expect(granted).toBe(7);
    await jest.advanceTimersByTimeAsync(999);
    expect(granted).toBe(7);
    await jest.advanceTimersByTimeAsync(1);
    expect(granted).toBe(14);
    await jest.advanceTimersByTimeAsync(1000);
    expect(granted).toBe(15);
  });

  test("never grants more than the limit in any window", async () => {
    const limiter = new SlidingWindowLimiter({ perSecond: 7, windowMs: 1000 });
    const times: number[] = [];
    for (let i = 0; i < 40; i++) void limiter.acquire().then((answered) => (times.push(Date.now()), answered()));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(times).toHaveLength(40);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(7);
  });

  test("a slot stays taken while its request is in flight, and frees a window after the answer", async () => {
    const limiter = new SlidingWindowLimiter({ perSecond: 7, windowMs: 1000 });
    const inFlight: (() => void)[] = [];
    let granted = 0;
    for (let i = 0; i < 8; i++) void limiter.acquire().then((answered) => (granted++, inFlight.push(answered)));
    await jest.advanceTimersByTimeAsync(5000);
    expect(granted).toBe(7);
    inFlight[0]();
    await jest.advanceTimersByTimeAsync(999);
    expect(granted).toBe(7);
    await jest.advanceTimersByTimeAsync(1);
    expect(granted).toBe(8);
  });

  test("pauseFor holds every request back", async () => {
    const limiter = new SlidingWindowLimiter({ perSecond: 7, windowMs: 1000 });
    limiter.pauseFor(3000);
    let granted = 0;
    void limiter.acquire().then(() => granted++);
    await jest.advanceTimersByTimeAsync(2999);
    expect(granted).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(granted).toBe(1);
  });

  test("0 turns it off", async () => {
    const limiter = new SlidingWindowLimiter({ perSecond: 0 });
    let granted = 0;
    for (let i = 0; i < 100; i++) void limiter.acquire().then(() => granted++);
    await jest.advanceTimersByTimeAsync(0);
    expect(granted).toBe(100);
  });
});

describe("one limiter per account for the whole process", () => {
  test("clients of the same account share one limiter, other accounts get their own", () => {
    const a = sharedLimiter("shared.kommo.com", 7);
    expect(sharedLimiter("shared.kommo.com", 7)).toBe(a);
    expect(sharedLimiter("other.kommo.com", 7)).not.toBe(a);
  });

  test("the stricter budget wins when two configurations name one account", () => {
    const a = sharedLimiter("strict.kommo.com", 7);
    sharedLimiter("strict.kommo.com", 3);
    sharedLimiter("strict.kommo.com", 0);
    expect(a.perSecond).toBe(3);
  });

  test("the registry lives on globalThis, so copies of this module share it", () => {
    const a = sharedLimiter("global.kommo.com", 7);
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const copy = require("../../provider/client/limiter") as typeof import("../../provider/client/limiter");
      expect(copy.sharedLimiter("global.kommo.com", 7)).toBe(a);
    });
  });
});
