import type { Stage } from "./chain";
import type { RequestLog } from "../requestLog";
import { queryRecord } from "../requestLog";

/** Outermost stage, so the logged duration and status are what the client saw. */
export function recordRequest(log: RequestLog): Stage {
  return async (ctx, next) => {
    const time = new Date(ctx.startedAt).toISOString();
    try {
      await next();
    } finally {
      log.add({
        time,
        method: ctx.method,
        path: ctx.path,
        query: queryRecord(ctx.query),
        body: ctx.body === undefined ? null : ctx.body,
        user: ctx.user?.role ?? null,
        userAgent: ctx.req.headers["user-agent"] ?? null,
        // A client that hung up during a delay never got the answer.
        status: ctx.detached || ctx.res.destroyed ? null : (ctx.reply?.status ?? null),
        durationMs: Date.now() - ctx.startedAt,
        fault: ctx.fault,
        upstreamStatus: ctx.upstreamStatus,
      });
    }
  };
}
