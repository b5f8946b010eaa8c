import { defaultFaults, type FaultConfig } from "../../../emulator/faults/faultConfig";
import { FaultInjector, type FaultPlan } from "../../../emulator/faults/injector";
import { seededRandom } from "../../../emulator/faults/random";

function injector(settings: Partial<FaultConfig>): { injector: FaultInjector; config: { faults: FaultConfig } } {
  const config = { faults: { ...defaultFaults(1), ...settings } };
  return { injector: new FaultInjector(() => config.faults), config };
}

function plans(from: FaultInjector, count: number, isWrite = false): FaultPlan[] {
  return Array.from({ length: count }, () => from.plan(isWrite));
}

describe("the seeded random source", () => {
  test("gives the same numbers for the same seed, in [0, 1)", () => {
    const a = Array.from({ length: 1000 }, seededRandom(5));
    const b = Array.from({ length: 1000 }, seededRandom(5));

    expect(a).toEqual(b);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    expect(Array.from({ length: 1000 }, seededRandom(6))).not.toEqual(a);
  });
});

describe("the fault injector", () => {
  test("with every fault off plans nothing", () => {
    expect(new Set(plans(injector({}).injector, 500, true).map((p) => p.kind))).toEqual(new Set(["none"]));
  });

  test("restart replays the sequence from the seed", () => {
    const { injector: faults } = injector({ errorRate: 0.5, resetRate: 0.2 });
    const first = plans(faults, 50);

    faults.restart();

    expect(plans(faults, 50)).toEqual(first);
  });

  test("switching one fault on leaves the requests the others pick unchanged", () => {
    const errorsOnly = plans(injector({ errorRate: 0.3 }).injector, 200).map((p) => p.kind === "error");
    const withSlow = plans(injector({ errorRate: 0.3, slowRate: 0.5 }).injector, 200).map((p) => p.kind === "error");

    expect(withSlow).toEqual(errorsOnly);
  });

  test("a request meets at most one fault, in the order 429 burst, reset, 5xx, hang, slow", () => {
    const all = { errorRate: 1, resetRate: 1, hangWrites: 1, slowRate: 1 };

    expect(injector({ ...all, burst429: { every: 1, length: 1 } }).injector.plan(true).kind).toBe("burst429");
    expect(injector(all).injector.plan(true).kind).toBe("reset");
    expect(injector({ ...all, resetRate: 0 }).injector.plan(true).kind).toBe("error");
    expect(injector({ ...all, resetRate: 0, errorRate: 0 }).injector.plan(true).kind).toBe("hang");
    expect(injector({ ...all, resetRate: 0, errorRate: 0 }).injector.plan(false).kind).toBe("slow");
  });

  test("only writes hang, and only writes are answered after being applied", () => {
    const reads = plans(injector({ hangWrites: 1, errorRate: 0.5, applyBeforeError: 1 }).injector, 100, false);

    expect(reads.some((p) => p.kind === "hang")).toBe(false);
    expect(reads.some((p) => p.kind === "error" && p.afterWrite)).toBe(false);
    expect(
      plans(injector({ errorRate: 1, applyBeforeError: 1 }).injector, 20, true).every(
        (p) => p.kind === "error" && p.afterWrite,
      ),
    ).toBe(true);
  });

  test("applyBeforeError splits injected 5xx on writes between before and after the write", () => {
    const errors = plans(injector({ errorRate: 1, applyBeforeError: 0.5 }).injector, 400, true);
    const after = errors.filter((p) => p.kind === "error" && p.afterWrite).length;

    expect(after).toBeGreaterThan(150);
    expect(after).toBeLessThan(250);
  });

  test("5xx statuses are drawn only from errorStatuses", () => {
    const statuses = plans(injector({ errorRate: 1, errorStatuses: [502, 504] }).injector, 200).map((p) =>
      p.kind === "error" ? p.status : 0,
    );

    expect(new Set(statuses)).toEqual(new Set([502, 504]));
  });

  test("burst {every, length} refuses the last `length` of each `every` requests", () => {
    const kinds = plans(injector({ burst429: { every: 4, length: 1 } }).injector, 8).map((p) => p.kind);

    expect(kinds).toEqual(["none", "none", "none", "burst429", "none", "none", "none", "burst429"]);
  });

  test("burst {rate, length} refuses `length` requests in a row once it starts", () => {
    const kinds = plans(injector({ burst429: { rate: 1, length: 3 } }).injector, 6).map((p) => p.kind);

    expect(kinds).toEqual(Array(6).fill("burst429"));
    const sparse = plans(injector({ seed: 3, burst429: { rate: 0.05, length: 4 } }).injector, 400).map((p) =>
      p.kind === "burst429" ? "x" : ".",
    );
    const runs = sparse
      .join("")
      .split(".")
      .filter((run) => run !== "");
    expect(runs.length).toBeGreaterThan(3);
    expect(runs.slice(0, -1).every((run) => run.length >= 4)).toBe(true);
  });

  test("reads the live config, so a change applies to the next request", () => {
    const { injector: faults, config } = injector({});
    expect(faults.plan(false).kind).toBe("none");

    config.faults = { ...config.faults, errorRate: 1 };

    expect(faults.plan(false).kind).toBe("error");
  });
});
