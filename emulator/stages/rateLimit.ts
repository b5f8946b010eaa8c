import type { RuntimeConfig } from "../config";
import { tooManyRequests } from "../http/problems";
import { html } from "../http/reply";
import type { Stage } from "../pipeline";
import type { BlockList, SlidingWindowLimiter } from "../rateLimit";
import { clientKey } from "./clientKey";

/**
 * FACTS.md: a blocked client gets 403 on every request, and in practice as an
 * HTML page from the gateway rather than problem+json.
 */
export function refuseBlocked(blocks: BlockList): Stage {
  return async (ctx, next) => {
    if (blocks.isBlocked(clientKey(ctx.req))) {
      ctx.reply = html(403, "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>Your access has been blocked.</p></body></html>");
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
