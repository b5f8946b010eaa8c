import type { RuntimeConfig } from "../config";
import { tooManyRequestsReply } from "../http/tooManyRequests";
import { blockedPage } from "../faults/gatewayReplies";
import type { Stage } from "./chain";
import type { BlockList, RateLimiter } from "../rateLimit";
import { clientKey } from "./clientKey";
import { isApi } from "./faults";

/**
 * docs/kommo-api.md: a blocked client gets 403 on every request, and in practice as an
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

/** 429 over the rate as the `rateLimitShape` switch counts it, in the shape the `tooManyRequests` switch picks (the documented problem by default). */
export function limitRate(limiter: RateLimiter, blocks: BlockList, config: RuntimeConfig): Stage {
  return async (ctx, next) => {
    const key = clientKey(ctx.req);
    const wait = limiter.admit(key, config.rateLimit, Date.now(), config.behaviour.rateLimitShape);
    if (wait !== null) {
      blocks.recordRefusal(key, config.blockAfter429s);
      ctx.reply = tooManyRequestsReply(config.behaviour.tooManyRequests, wait);
      return;
    }
    await next();
  };
}
