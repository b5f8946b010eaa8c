import type { RateLimitShape } from "./behaviour/behaviour";

/**
 * How Kommo counts its 7 requests a second is not documented (FACTS.md: "Whose limit it is"), so the limiter counts
 * in the shape the `rateLimitShape` switch names, per key (a token):
 *
 * - `window`: fixed windows of capacity / R seconds (one second for a whole R), each admitting max(1, floor(R));
 * - `sliding`: at most max(1, floor(R)) requests in any rolling window of that length;
 * - `bucket`: a token bucket holding at most max(1, floor(R)) tokens, refilled continuously at R a second.
 *
 * Refused requests are not counted, so a client that waits as told gets through. The answer to a refusal is the whole
 * seconds to wait, at least 1, as a Retry-After header would say it.
 */
export class RateLimiter {
  private readonly logs = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Returns null when admitted, or the whole seconds to wait (at least 1) when refused. */
  admit(key: string, perSecond: number, now: number, shape: RateLimitShape = "sliding"): number | null {
    if (perSecond <= 0) return null;
    const capacity = Math.max(1, Math.floor(perSecond));
    const windowMs = (1000 * capacity) / perSecond;
    if (shape === "bucket") return this.takeToken(key, capacity, perSecond, now);
    const since = shape === "window" ? Math.floor(now / windowMs) * windowMs : now - windowMs;
    const recent = (this.logs.get(key) ?? []).filter((t) => (shape === "window" ? t >= since : t > since));
    this.logs.set(key, recent);
    if (recent.length >= capacity) {
      const freedAt = shape === "window" ? since + windowMs : (recent[0] as number) + windowMs;
      return toSeconds(freedAt - now);
    }
    recent.push(now);
    return null;
  }

  private takeToken(key: string, capacity: number, perSecond: number, now: number): number | null {
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return toSeconds(((1 - bucket.tokens) * 1000) / perSecond);
  }

  clear(): void {
    this.logs.clear();
    this.buckets.clear();
  }
}

const toSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

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
