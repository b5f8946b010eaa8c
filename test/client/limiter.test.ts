import { AccountRateLimiter } from "../../provider/client/limiter";

describe("the sliding-window limiter", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  async function settle() {
    for (let i = 0; i < 50; i++) await Promise.resolve();
  }

  test("lets 7 requests through at once and holds the 8th until the window has passed", async () => {
    const limiter = new AccountRateLimiter({ perSecond: 7, windowMs: 1000 });
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
    const limiter = new AccountRateLimiter({ perSecond: 7, windowMs: 1000 });
    const times: number[] = [];
    for (let i = 0; i < 40; i++) void limiter.acquire().then((answered) => (times.push(Date.now()), answered()));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(times).toHaveLength(40);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(7);
  });

  test("a slot stays taken while its request is in flight, and frees a window after the answer", async () => {
    const limiter = new AccountRateLimiter({ perSecond: 7, windowMs: 1000 });
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
    const limiter = new AccountRateLimiter({ perSecond: 7, windowMs: 1000 });
    limiter.pauseFor(3000);
    let granted = 0;
    void limiter.acquire().then(() => granted++);
    await jest.advanceTimersByTimeAsync(2999);
    expect(granted).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(granted).toBe(1);
  });

  test("0 turns it off", async () => {
    const limiter = new AccountRateLimiter({ perSecond: 0 });
    let granted = 0;
    for (let i = 0; i < 100; i++) void limiter.acquire().then(() => granted++);
    await jest.advanceTimersByTimeAsync(0);
    expect(granted).toBe(100);
  });
});
