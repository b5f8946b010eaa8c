import type fc from "fast-check";

/**
 * A fixed seed, so the suite meets the same cases on every machine; fast-check
 * prints the seed and the counterexample's path on failure. FUZZ_SEED explores
 * other cases (or replays a reported one), FUZZ_RUNS scales the run counts.
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20250611);

export function fuzzSettings(numRuns: number): fc.Parameters<unknown> {
  const scale = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * scale)), endOnFailure: false, verbose: 1 };
}
