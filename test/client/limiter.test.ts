import { AccountRateLimiter } from "../../provider/client/limiter";

describe("the sliding-window limiter", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  async function settle() {
    for (let i = 0; i < 50; i++) await Promise.resolve();
  }

  test("lets 7 requests through at once without spacing and holds the 8th until the window has passed", async () => {
    const limiter = new AccountRateLimiter({ perSecond: 7, windowMs: 1000, spacingMs: 0 });
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

  test("spaces requests evenly, 150 ms apart at 7 a second, so that no burst reaches Kommo", async () => {
    const limiter = new AccountRateLimiter({ perSecond: 7, windowMs: 1000 });
    const times: number[] = [];
    for (let i = 0; i < 20; i++) void limiter.acquire().then((answered) => (times.push(Date.now()), answered()));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(times).toHaveLength(20);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(Math.min(...gaps)).toBe(150);
    expect(Math.max(...gaps)).toBe(150);
  });

  test("evenly spaced requests pass a token bucket with a burst equal to the rate, started empty", async () => {
    const limiter = new AccountRateLimiter({ perSecond: 7, windowMs: 1000 });
    const times: number[] = [];
    for (let i = 0; i < 30; i++) void limiter.acquire().then((answered) => (times.push(Date.now()), answered()));
    await jest.advanceTimersByTimeAsync(10_000);
    // The harshest bucket: no burst at all to start with, one token refilled every 1/7 s.
    let tokens = 0;
    let at = times[0] as number;
    const refused = times.filter((t) => {
      tokens = Math.min(7, tokens + ((t - at) * 7) / 1000) + (t === times[0] ? 1 : 0);
      at = t;
      if (tokens >= 1) return ((tokens -= 1), false);
      return true;
    });
    expect(refused).toEqual([]);
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
