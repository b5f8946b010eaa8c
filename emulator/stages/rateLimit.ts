import type { RuntimeConfig } from "../config";
import { tooManyRequests } from "../http/problems";
import { blockedPage } from "../faults/gatewayReplies";
import type { Stage } from "../pipeline";
import type { BlockList, SlidingWindowLimiter } from "../rateLimit";
import { clientKey } from "./clientKey";
import { isApi } from "./faults";

/**
 * FACTS.md: a blocked client gets 403 on every request, and in practice as an
 * HTML page from the gateway rather than problem+json. The `blocked` fault
 * gives the same answer to every token at once, as a blocked account does.
 */
export function refuseBlocked(blocks: BlockList, config: RuntimeConfig): Stage {
  return async (ctx, next) => {
    const byFault = config.faults.blocked && isApi(ctx.path);
    if (byFault || blocks.isBlocked(clientKey(ctx.req))) {
      if (byFault) ctx.fault = "blocked";
      ctx.reply = blockedPage();
      return;
    }
    await next();
  };
}

/** The documented 429 problem with retry_after in the body; no Retry-After header (unconfirmed in FACTS.md). */
export function limitRate(limiter: SlidingWindowLimiter, blocks: BlockList, config: RuntimeConfig): Stage {
  return async (ctx, next) => {
    const key = clientKey(ctx.req);
    const wait = limiter.admit(key, config.rateLimit, Date.now());
    if (wait !== null) {
      blocks.recordRefusal(key, config.blockAfter429s);
      ctx.reply = tooManyRequests(wait);
      return;
    }
    await next();
  };
}
