/**
 * Per-key sliding-window log. With a rate of R requests per second it admits
 * at most max(1, floor(R)) requests in any window of capacity / R seconds: for
 * a whole R that is R per rolling second, the vendor's 7 per second by
 * default. Refused requests are not counted, so a client that waits as told
 * gets through.
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  /** Returns null when admitted, or the whole seconds to wait (at least 1) when refused. */
  admit(key: string, perSecond: number, now: number): number | null {
    if (perSecond <= 0) return null;
    const capacity = Math.max(1, Math.floor(perSecond));
    const windowMs = (1000 * capacity) / perSecond;
    const recent = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    if (recent.length >= capacity) {
      this.windows.set(key, recent);
      const oldest = recent[0] as number;
      return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    }
    recent.push(now);
    this.windows.set(key, recent);
    return null;
  }

  clear(): void {
    this.windows.clear();
  }
}

/**
 * docs/kommo-api.md: repeated 429s get a client blocked, and from then on every request
 * answers 403. Counts 429s per key; off unless blockAfter429s is set.
 */
export class BlockList {
  private readonly refusals = new Map<string, number>();
  private readonly blocked = new Set<string>();

  isBlocked(key: string): boolean {
    return this.blocked.has(key);
  }

  /** Records one 429 and blocks the key once it has had `threshold` of them (0 = never). */
  recordRefusal(key: string, threshold: number): void {
    const count = (this.refusals.get(key) ?? 0) + 1;
    this.refusals.set(key, count);
    if (threshold > 0 && count >= threshold) this.blocked.add(key);
  }

  clear(): void {
    this.refusals.clear();
    this.blocked.clear();
  }
}
