import type { RuntimeConfig } from "../config";
import type { Stage } from "../pipeline";

/**
 * Added after the request has been handled and before the answer is written,
 * so a write is already applied while the client waits: a client that gives
 * up early must not assume nothing happened.
 */
export function addLatency(config: RuntimeConfig, lifetime: AbortSignal): Stage {
  return async (_ctx, next) => {
    await next();
    if (config.latency > 0) await sleep(config.latency, lifetime);
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
