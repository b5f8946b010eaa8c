/**
 * One limiter per Kommo account for the whole process. Kommo allows about 7 requests a second and blocks accounts
 * that keep hitting 429, so the client must never rely on the server to slow it down.
 *
 * A sliding window allows at most `perSecond` requests in any window of `windowMs`, which satisfies a server that
 * counts in fixed seconds and one that counts in a sliding second alike. A request's slot is freed a window after
 * its answer came back, not after it was sent: a busy event loop can hold a request back after it was granted, and
 * only its answer proves it has reached the server. Measured from the answer, no window at the server can ever hold
 * more than `perSecond` requests, whatever the delays, at the cost of one round trip of throughput.
 */
export interface LimiterOptions {
  readonly perSecond: number;
  readonly windowMs?: number;
  /** The least time between two requests; a little over windowMs / perSecond unless given. */
  readonly spacingMs?: number;
}

export interface RateLimiter {
  /** Resolves when one more request may be sent, and counts it; call the function it gives once the answer is in. */
  acquire(): Promise<() => void>;
  /** Holds every request to this account back until `ms` from now: used when Kommo says to wait (429). */
  pauseFor(ms: number): void;
  readonly perSecond: number;
}

export const DEFAULT_RATE_LIMIT = 7;
const DEFAULT_WINDOW_MS = 1000;
/** 5% over the rate: a clock at Kommo that runs slightly fast must not see two requests closer than its rate. */
const SPACING_MARGIN = 1.05;

/** The least time between two requests to an account that allows `perSecond` a second. */
export const spacingFor = (perSecond: number, windowMs = DEFAULT_WINDOW_MS): number =>
  Math.ceil((windowMs / perSecond) * SPACING_MARGIN);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AccountRateLimiter implements RateLimiter {
  /** One entry per granted request: when its answer came back, or Infinity while it is in flight. */
  private readonly sent: number[] = [];
  private pausedUntil = 0;
  private lastGrant = Number.NEGATIVE_INFINITY;
  private readonly answered: (() => void)[] = [];
  private tail: Promise<void> = Promise.resolve();
  private readonly windowMs: number;
  private readonly spacingMs?: number;
  perSecond: number;

  constructor(
    options: LimiterOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.perSecond = options.perSecond;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.spacingMs = options.spacingMs;
  }

  /** Derived on each use: perSecond can change when a provider is configured again. */
  private get spacing(): number {
    return this.spacingMs ?? spacingFor(this.perSecond, this.windowMs);
  }

  acquire(): Promise<() => void> {
    // Chaining keeps callers in arrival order, so a burst cannot starve an earlier request.
    const turn = this.tail.then(() => this.waitForSlot());
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async waitForSlot(): Promise<() => void> {
    if (this.perSecond <= 0) return () => undefined;
    for (;;) {
      const now = this.now();
      this.sent.sort((a, b) => a - b);
      while ((this.sent[0] ?? Infinity) <= now - this.windowMs) this.sent.shift();
      if (this.pausedUntil > now) {
        await sleep(this.pausedUntil - now);
        continue;
      }
      if (this.lastGrant + this.spacing > now) {
        await sleep(this.lastGrant + this.spacing - now);
        continue;
      }
      if (this.sent.length < this.perSecond) {
        this.sent.push(Number.POSITIVE_INFINITY);
        this.lastGrant = now;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          // One in-flight entry becomes the time of this answer; which one does not matter, they are all alike.
          const i = this.sent.indexOf(Number.POSITIVE_INFINITY);
          if (i >= 0) this.sent[i] = this.now();
          this.answered.splice(0).forEach((wake) => wake());
        };
      }
      // Wait for the oldest answered slot to leave the window, or, with every slot in flight, for an answer.
      const oldest = this.sent[0];
      if (oldest !== undefined && Number.isFinite(oldest)) await sleep(oldest + this.windowMs - now);
      else await new Promise<void>((resolve) => this.answered.push(resolve));
    }
  }
}
