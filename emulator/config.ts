import type { Behaviour } from "./behaviour/behaviour";
import { readBehaviourInput } from "./behaviour/behaviourConfig";
import { defaultBehaviour } from "./behaviour/profiles";
import { defaultFaults, describeFaultError, readFaultsPatch, type FaultConfig } from "./faults/faultConfig";

/** Knobs that can change while the emulator runs (PATCH /_emulator/config). */
export interface RuntimeConfig {
  /** Requests per second per token; 0 turns the limiter off. */
  rateLimit: number;
  /** Milliseconds added before each API response is written. */
  latency: number;
  /** After this many 429s a token is blocked (403 HTML, as the real gateway does); 0 = never. */
  blockAfter429s: number;
  /** Answer every API request with 402, as an account whose paid period ended. */
  paymentRequired: boolean;
  /** Injected faults, all off by default (README, "Faults"). */
  faults: FaultConfig;
  /** How the open points of the real Kommo are answered; the reference profile by default (README, "Open points and switches"). */
  behaviour: Behaviour;
}

export const DEFAULT_RATE_LIMIT = 7;

export function defaultConfig(): RuntimeConfig {
  return {
    rateLimit: DEFAULT_RATE_LIMIT,
    latency: 0,
    blockAfter429s: 0,
    paymentRequired: false,
    faults: defaultFaults(),
    behaviour: defaultBehaviour(),
  };
}

const NUMERIC_KEYS = ["rateLimit", "latency", "blockAfter429s"] as const;

/** Applies a partial update; returns an error message instead when any value is wrong, changing nothing. */
export function applyConfigPatch(config: RuntimeConfig, patch: unknown): string | null {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return "The body must be a JSON object";
  const input = patch as Record<string, unknown>;
  const known = new Set<string>([...NUMERIC_KEYS, "paymentRequired", "faults", "behaviour", "profile"]);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) return `Unknown config key: ${key}`;
  }
  for (const key of NUMERIC_KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      return `${key} must be a number >= 0`;
    }
    if (key === "blockAfter429s" && !Number.isInteger(value)) return "blockAfter429s must be an integer";
  }
  if (input.paymentRequired !== undefined && typeof input.paymentRequired !== "boolean") {
    return "paymentRequired must be a boolean";
  }
  const faults = "faults" in input ? readFaultsPatch(config.faults, input.faults) : null;
  if (faults !== null && !faults.ok) return describeFaultError(faults.error);
  const behaviour = readBehaviourInput(config.behaviour, { profile: input.profile, behaviour: input.behaviour });
  if (!behaviour.ok) return behaviour.error;
  for (const key of NUMERIC_KEYS) {
    const value = input[key];
    if (typeof value === "number") config[key] = value;
  }
  if (typeof input.paymentRequired === "boolean") config.paymentRequired = input.paymentRequired;
  if (faults !== null) config.faults = faults.value;
  config.behaviour = behaviour.value;
  return null;
}
