import { BlockList, SlidingWindowLimiter } from "../../../emulator/rateLimit";

describe("SlidingWindowLimiter", () => {
  test("admits R requests in any rolling second and says how long to wait", () => {
    const limiter = new SlidingWindowLimiter();
    const admitted = [0, 100, 200].map((t) => limiter.admit("k", 3, t));

    expect(admitted).toEqual([null, null, null]);
    expect(limiter.admit("k", 3, 900)).toBe(1);
    expect(limiter.admit("k", 3, 1000)).toBeNull();
    expect(limiter.admit("k", 3, 1050)).toBe(1);
    expect(limiter.admit("k", 3, 1100)).toBeNull();
  });

  test("refused requests do not count against the window", () => {
    const limiter = new SlidingWindowLimiter();
    limiter.admit("k", 1, 0);
    for (let t = 10; t < 1000; t += 10) expect(limiter.admit("k", 1, t)).not.toBeNull();

    expect(limiter.admit("k", 1, 1000)).toBeNull();
  });

  test("a rate below one per second spaces requests out", () => {
    const limiter = new SlidingWindowLimiter();
    limiter.admit("k", 0.5, 0);

    expect(limiter.admit("k", 0.5, 1500)).toBe(1);
    expect(limiter.admit("k", 0.5, 2000)).toBeNull();
  });

  test("rate 0 admits everything, and keys are independent", () => {
    const limiter = new SlidingWindowLimiter();
    expect(limiter.admit("a", 0, 0)).toBeNull();
    expect(limiter.admit("a", 0, 0)).toBeNull();
    limiter.admit("b", 1, 0);

    expect(limiter.admit("c", 1, 0)).toBeNull();
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
