import { defaultFaults, readFaultsPatch } from "../../../emulator/faults/faultConfig";
import { checkFaultFlags, parseFaultValue } from "../../../emulator/faults/faultFlags";

describe("fault settings", () => {
  const current = defaultFaults(99);

  test("a patch merges into the current settings and leaves them untouched", () => {
    const read = readFaultsPatch(current, { errorRate: 0.2, burst429: { every: 3, length: 1 } });

    expect(read).toEqual({ ok: true, value: { ...current, errorRate: 0.2, burst429: { every: 3, length: 1 } } });
    expect(current.errorRate).toBe(0);
  });

  test("null switches everything off and keeps the seed", () => {
    const on = readFaultsPatch(current, { errorRate: 1, blocked: true });
    if (!on.ok) throw new Error("expected ok");

    expect(readFaultsPatch(on.value, null)).toEqual({ ok: true, value: defaultFaults(99) });
  });

  test.each([
    [{ errorRate: -0.1 }, "errorRate"],
    [{ resetRate: "0.5" }, "resetRate"],
    [{ hangWrites: true }, "hangWrites"],
    [{ applyBeforeError: Number.NaN }, "applyBeforeError"],
    [{ seed: 2 ** 32 }, "seed"],
    [{ errorStatuses: [500, 500] }, "errorStatuses"],
    [{ burst429: { every: 0, length: 0 } }, "burst429"],
    [{ burst429: { every: 3, rate: 0.1, length: 1 } }, "burst429"],
    [{ burst429: { rate: 2, length: 1 } }, "burst429"],
    [{ slowMs: -1 }, "slowMs"],
    [{ retryAfter: -1 }, "retryAfter"],
    [{ __proto__: { errorRate: 1 }, constructor: 1 }, "constructor"],
  ])("%j is refused at %s", (patch, key) => {
    expect(readFaultsPatch(current, patch)).toEqual({ ok: false, error: { key, message: expect.any(String) } });
  });

  test("anything but an object or null is refused as a whole", () => {
    for (const patch of [[], "on", 1, true])
      expect(readFaultsPatch(current, patch)).toEqual({
        ok: false,
        error: { key: "", message: "must be an object or null" },
      });
  });
});

describe("fault flags", () => {
  test("turn their text into the values the control API takes", () => {
    expect(parseFaultValue("--error-rate", "0.25")).toBe(0.25);
    expect(parseFaultValue("--error-statuses", "502, 504")).toEqual([502, 504]);
    expect(parseFaultValue("--burst-429", "every=10,length=3")).toEqual({ every: 10, length: 3 });
    expect(parseFaultValue("--burst-429", "rate=0.1,length=2")).toEqual({ rate: 0.1, length: 2 });
    expect(parseFaultValue("--blocked", "true")).toBe(true);
    expect(parseFaultValue("--blocked", "false")).toBe(false);
  });

  test("refuse what is not a number or a spec", () => {
    expect(() => parseFaultValue("--error-rate", "-1")).toThrow("--error-rate needs a non-negative number");
    expect(() => parseFaultValue("--burst-429", "10x3")).toThrow("--burst-429 needs every=N,length=M");
    expect(() => parseFaultValue("--blocked", "yes")).toThrow("--blocked takes no value");
  });

  test("are checked as a whole, and the message names the flag", () => {
    expect(checkFaultFlags({ errorRate: 0.5, seed: 3 })).toBeNull();
    expect(checkFaultFlags({ errorRate: 2 })).toMatch(/^--error-rate: must be a number from 0 to 1/);
    expect(checkFaultFlags({ burst429: { every: 1, length: 2 } })).toMatch(/^--burst-429: /);
  });
});
