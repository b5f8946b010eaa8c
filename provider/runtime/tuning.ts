/**
 * Batching and coalescing can be switched off with KOMMO_BATCHING=off in the provider's environment: the
 * benchmark's baseline, and a way out should a Kommo deployment ever behave differently with arrays.
 */
export const batchingEnabled = (): boolean => (process.env.KOMMO_BATCHING ?? "").toLowerCase() !== "off";

/**
 * How long a batch waits for more items after the last one arrived, and at most after the first. A program
 * registers the statuses of a large stack over seconds, a few milliseconds apart, so the window must outlast those
 * gaps for a pipeline's statuses to share one request.
 */
export const BATCH_QUIET_MS = 100;
export const BATCH_MAX_WAIT_MS = 2000;
/** FACTS.md: Kommo caps a batch at 250 entities and recommends 50. */
export const MAX_BATCH = 50;
/** How long a completed read is reused by other resources' reads in the same refresh. Any write ends it at once. */
export const READ_REUSE_MS = 5000;
