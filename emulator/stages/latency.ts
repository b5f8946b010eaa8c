import type { RuntimeConfig } from "../config";
import type { Stage } from "./chain";
import { sleep } from "./wait";

/**
 * Added after the request has been handled and before the answer is written,
 * so a write is already applied while the client waits: a client that gives
 * up early must not assume nothing happened.
 */
export function addLatency(config: RuntimeConfig, lifetime: AbortSignal): Stage {
  return async (ctx, next) => {
    await next();
    // A reset or hung request gets no answer, so there is nothing to delay.
    if (config.latency > 0 && !ctx.detached) await sleep(config.latency, lifetime);
  };
}
