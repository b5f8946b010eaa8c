import { randomInt } from "node:crypto";

/** The 5xx answers a real Kommo request can meet: the app's own 500 and the gateway's 502, 503, 504. */
export const INJECTABLE_STATUSES = [500, 502, 503, 504] as const;
export type InjectableStatus = (typeof INJECTABLE_STATUSES)[number];

/** M 429s in a row, either in every N requests or starting on any request with a probability. */
export type Burst429 = { every: number; length: number } | { rate: number; length: number };

/** Faults the emulator injects into /api/v4 (README, "Faults"). Everything is off by default. */
export interface FaultConfig {
  /** Seed of the random source that decides which request meets which fault. */
  seed: number;
  /** Fraction of API requests answered with an injected 5xx. */
  errorRate: number;
  /** The 5xx statuses drawn from, uniformly. */
  errorStatuses: InjectableStatus[];
  /** Fraction of injected 5xx on writes that come after the write was applied (the ambiguous case). */
  applyBeforeError: number;
  burst429: Burst429 | null;
  /** `retry_after` of injected 429s, in seconds. */
  retryAfter: number;
  /** Fraction of API requests whose connection is reset without an answer. */
  resetRate: number;
  /** Fraction of resets on writes that come after the write was applied. */
  applyBeforeReset: number;
  /** Fraction of API requests answered only after `slowMs`. */
  slowRate: number;
  /** Delay of slow answers, and how long a hung write holds its socket before dropping it. */
  slowMs: number;
  /** Fraction of writes that are applied and never answered. */
  hangWrites: number;
  /** HTML 403 on every API request, as for a blocked account. */
  blocked: boolean;
}

export const MAX_SEED = 0xffffffff;
/** setTimeout fires at once for anything longer, which would turn a hang into a reset. */
export const MAX_SLOW_MS = 2147483647;

export function defaultFaults(seed: number = randomInt(0, MAX_SEED)): FaultConfig {
  return {
    seed,
    errorRate: 0,
    errorStatuses: [...INJECTABLE_STATUSES],
    applyBeforeError: 0.5,
    burst429: null,
    retryAfter: 1,
    resetRate: 0,
    applyBeforeReset: 0.5,
    slowRate: 0,
    // Twice the provider client's default timeout of 30 s: a slow answer must lose the race.
    slowMs: 60000,
    hangWrites: 0,
    blocked: false,
  };
}

export interface FaultError {
  /** The setting at fault; "" when the whole value is wrong. */
  key: string;
  message: string;
}

/** "faults.errorRate must be ...", as the control API and startEmulator report it. */
export function describeFaultError(error: FaultError): string {
  return `faults${error.key === "" ? "" : `.${error.key}`} ${error.message}`;
}

export type FaultsRead = { ok: true; value: FaultConfig } | { ok: false; error: FaultError };

const RATES = ["errorRate", "applyBeforeError", "resetRate", "applyBeforeReset", "slowRate", "hangWrites"] as const;

/**
 * Merges a partial update into `current` and returns the result, or the first
 * wrong key; `current` is never changed. `null` switches every fault off and
 * keeps the seed.
 */
export function readFaultsPatch(current: FaultConfig, patch: unknown): FaultsRead {
  if (patch === null) return { ok: true, value: defaultFaults(current.seed) };
  if (!isRecord(patch)) return fail("", "must be an object or null");
  const next: FaultConfig = { ...current, errorStatuses: [...current.errorStatuses] };
  const known = new Set(Object.keys(next));
  for (const [key, value] of Object.entries(patch)) {
    if (!known.has(key)) return fail(key, "is not a fault setting");
    const error = checkValue(key as keyof FaultConfig, value);
    if (error !== null) return fail(key, error);
    // Copied, so that a caller who keeps the object it passed cannot change the faults behind the emulator's back.
    (next as unknown as Record<string, unknown>)[key] = Array.isArray(value)
      ? [...(value as unknown[])]
      : isRecord(value)
        ? { ...value }
        : value;
  }
  return { ok: true, value: next };
}

function checkValue(key: keyof FaultConfig, value: unknown): string | null {
  if ((RATES as readonly string[]).includes(key)) return isFraction(value) ? null : "must be a number from 0 to 1";
  switch (key) {
    case "seed":
      return isInteger(value, 0, MAX_SEED) ? null : `must be an integer from 0 to ${MAX_SEED}`;
    case "errorStatuses":
      return checkStatuses(value);
    case "burst429":
      return value === null ? null : checkBurst(value);
    case "retryAfter":
      return isInteger(value, 0, 86400) ? null : "must be an integer number of seconds from 0 to 86400";
    case "slowMs":
      return typeof value === "number" && value >= 0 && value <= MAX_SLOW_MS
        ? null
        : `must be a number of milliseconds from 0 to ${MAX_SLOW_MS}`;
    case "blocked":
      return typeof value === "boolean" ? null : "must be true or false";
    default:
      return null;
  }
}

function checkStatuses(value: unknown): string | null {
  const allowed: readonly unknown[] = INJECTABLE_STATUSES;
  const message = `must be a non-empty list of distinct statuses among ${INJECTABLE_STATUSES.join(", ")}`;
  if (!Array.isArray(value) || value.length === 0) return message;
  if (new Set(value).size !== value.length || !value.every((s) => allowed.includes(s))) return message;
  return null;
}

function checkBurst(value: unknown): string | null {
  const message =
    "must be null, {every, length} or {rate, length}, with every >= length >= 1 integers and rate from 0 to 1";
  if (!isRecord(value)) return message;
  const keys = Object.keys(value).sort().join(",");
  if (!isInteger(value.length, 1, Number.MAX_SAFE_INTEGER)) return message;
  if (keys === "every,length")
    return isInteger(value.every, value.length as number, Number.MAX_SAFE_INTEGER) ? null : message;
  if (keys === "length,rate") return isFraction(value.rate) ? null : message;
  return message;
}

function fail(key: string, message: string): FaultsRead {
  return { ok: false, error: { key, message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFraction(value: unknown): boolean {
  return typeof value === "number" && value >= 0 && value <= 1;
}

function isInteger(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}
