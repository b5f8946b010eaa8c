/**
 * One limiter per Kommo account for the whole process. Kommo allows about 7 requests a second and blocks accounts
 * that keep hitting 429, so the client must never rely on the server to slow it down.
 *
 * A sliding window guarantees at most `perSecond` requests in any window of `windowMs`, which satisfies a server
 * that counts in fixed seconds and one that counts in a sliding second alike. The window is a little longer than a
 * second because requests that leave together can arrive closer together than they left.
 */
export interface LimiterOptions {
  readonly perSecond: number;
  readonly windowMs?: number;
}

export interface RateLimiter {
  /** Resolves when one more request may be sent, and counts it. */
  acquire(): Promise<void>;
  /** Holds every request to this account back until `ms` from now: used when Kommo says to wait (429). */
  pauseFor(ms: number): void;
  readonly perSecond: number;
}

export const DEFAULT_RATE_LIMIT = 7;
const DEFAULT_WINDOW_MS = 1050;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlidingWindowLimiter implements RateLimiter {
  private readonly sent: number[] = [];
  private pausedUntil = 0;
  private tail: Promise<void> = Promise.resolve();
  private readonly windowMs: number;
  perSecond: number;

  constructor(options: LimiterOptions, private readonly now: () => number = Date.now) {
    this.perSecond = options.perSecond;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  }

  acquire(): Promise<void> {
    // Chaining keeps callers in arrival order, so a burst cannot starve an earlier request.
    const turn = this.tail.then(() => this.waitForSlot());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async waitForSlot(): Promise<void> {
    if (this.perSecond <= 0) return;
    for (;;) {
      const now = this.now();
      while (this.sent.length && this.sent[0] <= now - this.windowMs) this.sent.shift();
      if (this.pausedUntil > now) {
        await sleep(this.pausedUntil - now);
        continue;
      }
      if (this.sent.length < this.perSecond) {
        this.sent.push(now);
        return;
      }
      await sleep(this.sent[0] + this.windowMs - now);
    }
  }
}

/**
 * Limiters live on globalThis, not in this module: each resource's serialized provider carries its own copy of the
 * client code, but they all run in one provider process and must share one budget per account.
 */
const REGISTRY = Symbol.for("pulumi-kommo/rate-limiters/v1");

type Registry = Map<string, SlidingWindowLimiter>;

export function sharedLimiter(accountKey: string, perSecond: number): RateLimiter {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  const registry = (g[REGISTRY] ??= new Map());
  const existing = registry.get(accountKey);
  if (existing) {
    // Two configurations for one account share the stricter budget.
    if (perSecond > 0 && (existing.perSecond <= 0 || perSecond < existing.perSecond)) existing.perSecond = perSecond;
    return existing;
  }
  const limiter = new SlidingWindowLimiter({ perSecond });
  registry.set(accountKey, limiter);
  return limiter;
}
