import type { Burst429, FaultConfig, InjectableStatus } from "./faultConfig";
import { seededRandom } from "./random";

/** What the request log shows in `fault`. */
export type FaultKind = `${InjectableStatus}` | "429" | "reset" | "hang" | "slow" | "blocked";

/** At most one fault per request; `afterWrite` means the request is handled first and the answer then lost. */
export type FaultPlan =
  | { kind: "none" }
  | { kind: "burst429" }
  | { kind: "reset"; afterWrite: boolean }
  | { kind: "error"; status: InjectableStatus; afterWrite: boolean }
  | { kind: "hang" }
  | { kind: "slow" };

/** One draw per decision, always all of them, so switching one fault on leaves the others' draws where they were. */
const DRAWS = 8;

/**
 * Decides which API request meets which fault, from the live config and a
 * seeded random source. When several faults are on, a request meets the
 * first that strikes in this order: 429 burst, reset, 5xx, hang, slow.
 */
export class FaultInjector {
  private random: () => number;
  /** Requests seen since the last restart, for `burst429.every`. */
  private seen = 0;
  /** 429s still owed by a burst that `burst429.rate` started. */
  private burstLeft = 0;

  constructor(private readonly faults: () => FaultConfig) {
    this.random = seededRandom(faults().seed);
  }

  /** Back to the start of the sequence: after any change to the faults, and on an account reset. */
  restart(): void {
    this.random = seededRandom(this.faults().seed);
    this.seen = 0;
    this.burstLeft = 0;
  }

  plan(isWrite: boolean): FaultPlan {
    const f = this.faults();
    const draws = Array.from({ length: DRAWS }, () => this.random());
    const [burst, reset, resetApplied, error, status, errorApplied, hang, slow] = draws as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (this.inBurst(f.burst429, burst)) return { kind: "burst429" };
    if (reset < f.resetRate) return { kind: "reset", afterWrite: isWrite && resetApplied < f.applyBeforeReset };
    if (error < f.errorRate) {
      const picked = f.errorStatuses[Math.floor(status * f.errorStatuses.length)] as InjectableStatus;
      return { kind: "error", status: picked, afterWrite: isWrite && errorApplied < f.applyBeforeError };
    }
    if (isWrite && hang < f.hangWrites) return { kind: "hang" };
    if (slow < f.slowRate) return { kind: "slow" };
    return { kind: "none" };
  }

  private inBurst(burst: Burst429 | null, draw: number): boolean {
    if (burst === null) return false;
    if ("every" in burst) {
      // The last `length` requests of every `every`: a run starts with answers, as a client at its own pace would see.
      const position = this.seen++ % burst.every;
      return position >= burst.every - burst.length;
    }
    if (this.burstLeft > 0) {
      this.burstLeft--;
      return true;
    }
    if (draw < burst.rate) {
      this.burstLeft = burst.length - 1;
      return true;
    }
    return false;
  }
}
