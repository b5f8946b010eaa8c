import { BlockList, RateLimiter } from "../../../emulator/rateLimit";

describe("RateLimiter, sliding", () => {
  test("admits R requests in any rolling second and says how long to wait", () => {
    const limiter = new RateLimiter();
    const admitted = [0, 100, 200].map((t) => limiter.admit("k", 3, t));

    expect(admitted).toEqual([null, null, null]);
    expect(limiter.admit("k", 3, 900)).toBe(1);
    expect(limiter.admit("k", 3, 1000)).toBeNull();
    expect(limiter.admit("k", 3, 1050)).toBe(1);
    expect(limiter.admit("k", 3, 1100)).toBeNull();
  });

  test("refused requests do not count against the window", () => {
    const limiter = new RateLimiter();
    limiter.admit("k", 1, 0);
    for (let t = 10; t < 1000; t += 10) expect(limiter.admit("k", 1, t)).not.toBeNull();

    expect(limiter.admit("k", 1, 1000)).toBeNull();
  });

  test("a rate below one per second spaces requests out", () => {
    const limiter = new RateLimiter();
    limiter.admit("k", 0.5, 0);

    expect(limiter.admit("k", 0.5, 1500)).toBe(1);
    expect(limiter.admit("k", 0.5, 2000)).toBeNull();
  });

  test("rate 0 admits everything, and keys are independent", () => {
    const limiter = new RateLimiter();
    expect(limiter.admit("a", 0, 0)).toBeNull();
    expect(limiter.admit("a", 0, 0)).toBeNull();
    limiter.admit("b", 1, 0);

    expect(limiter.admit("c", 1, 0)).toBeNull();
  });
});

describe("RateLimiter, window", () => {
  test("counts in fixed seconds: a second's worth at its end and another at the next start both pass", () => {
    const limiter = new RateLimiter();
    const late = [900, 950, 990].map((t) => limiter.admit("k", 3, t, "window"));
    const early = [1000, 1010, 1020].map((t) => limiter.admit("k", 3, t, "window"));

    expect(late).toEqual([null, null, null]);
    expect(early).toEqual([null, null, null]);
    expect(limiter.admit("k", 3, 1990, "window")).toBe(1);
    expect(limiter.admit("k", 3, 2000, "window")).toBeNull();
  });
});

describe("RateLimiter, bucket", () => {
  test("a full bucket takes a burst of R, then one request per 1/R second", () => {
    const limiter = new RateLimiter();
    const burst = [0, 0, 0, 0, 0, 0, 0].map((t) => limiter.admit("k", 7, t, "bucket"));

    expect(burst).toEqual(Array(7).fill(null));
    expect(limiter.admit("k", 7, 100, "bucket")).toBe(1);
    expect(limiter.admit("k", 7, 143, "bucket")).toBeNull();
    expect(limiter.admit("k", 7, 200, "bucket")).toBe(1);
    expect(limiter.admit("k", 7, 286, "bucket")).toBeNull();
  });

  test("a second burst of R one second after the first is refused its last request when the clock falls short", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 7; i++) limiter.admit("k", 7, 0, "bucket");
    const second = [999, 999, 999, 999, 999, 999, 999].map((t) => limiter.admit("k", 7, t, "bucket"));

    expect(second.filter((w) => w === null)).toHaveLength(6);
  });

  test("requests spaced evenly at the rate are never refused", () => {
    const limiter = new RateLimiter();
    const answers = Array.from({ length: 50 }, (_, i) => limiter.admit("k", 7, Math.ceil((i * 1000) / 7), "bucket"));

    expect(answers.every((a) => a === null)).toBe(true);
  });
});

describe("BlockList", () => {
  test("blocks a key after the threshold of refusals, never when the threshold is 0", () => {
    const blocks = new BlockList();
    blocks.recordRefusal("a", 2);
    expect(blocks.isBlocked("a")).toBe(false);
    blocks.recordRefusal("a", 2);
    for (let i = 0; i < 10; i++) blocks.recordRefusal("b", 0);

    expect(blocks.isBlocked("a")).toBe(true);
    expect(blocks.isBlocked("b")).toBe(false);
  });
});
