import type { KommoFailure } from "./errors";

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A `retry_after` longer than this is not waited out: the failure is reported instead of stalling a deploy. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/** Exponential backoff with "equal jitter": never less than half the step, so retries stay spread but not instant. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/**
 * How long to wait before trying again, or undefined to give up. `attempt` is the number of attempts made so far.
 * `safeToRepeat` is true for reads: repeating them changes nothing.
 */
export function retryDelayMs(
  failure: KommoFailure,
  attempt: number,
  safeToRepeat: boolean,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  switch (failure.kind) {
    case "rate_limited": {
      // A 429 is answered before anything is applied, so writes may be repeated too.
      const asked = failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : 0;
      if (asked > policy.maxRetryAfterMs) return undefined;
      return Math.max(asked, backoffMs(attempt, policy, random));
    }
    case "server":
      // A 5xx after a write leaves it unknown whether the write was applied: only reads are repeated.
      return safeToRepeat ? backoffMs(attempt, policy, random) : undefined;
    case "network":
      // An unknown host stays unknown: report it at once instead of backing off.
      if (failure.code === "ENOTFOUND") return undefined;
      // A refused connection or unknown host never reached Kommo; a reset or timeout may have.
      return safeToRepeat || !failure.maybeApplied ? backoffMs(attempt, policy, random) : undefined;
    default:
      // 401/402/403/404/400/422 and undecodable answers come out the same every time: repeating only hammers.
      return undefined;
  }
}
