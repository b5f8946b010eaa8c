import type { KommoFailure } from "./errors";

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A `retry_after` longer than this is not waited out: the failure is reported instead of stalling a deploy. */
  readonly maxRetryAfterMs: number;
  /** The window Kommo counts its limit in (7 requests a second): a 429 that gives no wait waits this much more. */
  readonly rateLimitWindowMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  rateLimitWindowMs: 1000,
};

/** Exponential backoff with "equal jitter": never less than half the step, so retries stay spread but not instant. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/**
 * How long to wait before trying again, or undefined to give up. `attempt` is the number of attempts made so far.
 * `idempotent` says the request may be sent again when its first sending may have been applied: reads, DELETEs and
 * PATCHes that set absolute values (the endpoint decides, from the body).
 */
export function retryDelayMs(
  failure: KommoFailure,
  attempt: number,
  idempotent: boolean,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  switch (failure.kind) {
    case "rate_limited": {
      // A 429 is answered before anything is applied, so every request may be repeated, writes included.
      if (failure.retryAfterSeconds !== undefined) {
        const asked = failure.retryAfterSeconds * 1000;
        if (asked > policy.maxRetryAfterMs) return undefined;
        return Math.max(asked, backoffMs(attempt, policy, random));
      }
      // No hint: the gateway's HTML 429 (amocrm-api-php #517, #526) or an empty answer. Kommo counts requests per
      // second and blocks accounts that keep getting 429 (docs/kommo-api.md, "Rate limit"), so the next try waits out a whole
      // window, plus a backoff that grows with each 429 and is jittered so that clients hit together spread apart.
      return policy.rateLimitWindowMs + backoffMs(attempt, policy, random);
    }
    case "server":
      // A 5xx leaves it unknown whether a write was applied: only what may be applied twice is repeated.
      return idempotent ? backoffMs(attempt, policy, random) : undefined;
    case "network":
      // An unknown host stays unknown: report it at once instead of backing off.
      if (failure.code === "ENOTFOUND") return undefined;
      // A refused connection never reached Kommo; a reset or timeout may have.
      return idempotent || !failure.maybeApplied ? backoffMs(attempt, policy, random) : undefined;
    default:
      // 401/402/403/404/400/422 and undecodable answers come out the same every time: repeating only hammers.
      return undefined;
  }
}
