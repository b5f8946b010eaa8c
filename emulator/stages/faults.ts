import type { RuntimeConfig } from "../config";
import { injectedError } from "../faults/gatewayReplies";
import type { FaultInjector } from "../faults/injector";
import { tooManyRequestsReply } from "../http/tooManyRequests";
import type { Context, Next, Stage } from "./chain";
import { sleep } from "./wait";

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** Faults strike the Kommo API only; anything else (the control API never reaches a stage) stays dependable. */
export function isApi(path: string): boolean {
  return path === "/api/v4" || path.startsWith("/api/v4/");
}

/**
 * Runs after the rate limiter, so a request the limiter admitted can still
 * fail the way a real one does: 429 bursts, 5xx, resets, hangs and slow
 * answers. The ones that strike "after the write" let the request through
 * first, so the account changes although the client sees a failure or nothing.
 */
export function injectFaults(injector: FaultInjector, config: RuntimeConfig, lifetime: AbortSignal): Stage {
  return async (ctx, next) => {
    if (!isApi(ctx.path)) return next();
    const plan = injector.plan(WRITES.has(ctx.method));
    switch (plan.kind) {
      case "none":
        return next();
      case "burst429":
        // Not counted towards --block-after: a client must not get blocked for a burst it did not cause.
        ctx.fault = "429";
        ctx.reply = tooManyRequestsReply(config.behaviour.tooManyRequests, config.faults.retryAfter);
        return;
      case "error":
        if (plan.afterWrite) await passThrough(ctx, next);
        ctx.fault = `${plan.status}`;
        ctx.reply = injectedError(plan.status);
        return;
      case "reset":
        if (plan.afterWrite) await passThrough(ctx, next);
        ctx.fault = "reset";
        resetConnection(ctx);
        return;
      case "hang":
        await passThrough(ctx, next);
        ctx.fault = "hang";
        holdUnanswered(ctx, config.faults.slowMs, lifetime);
        return;
      case "slow":
        await passThrough(ctx, next);
        ctx.fault = "slow";
        await sleep(config.faults.slowMs, lifetime, clientGone(ctx));
        return;
    }
  };
}

/** Lets the request reach its endpoint and keeps what the endpoint answered, for the request log. */
async function passThrough(ctx: Context, next: Next): Promise<void> {
  await next();
  ctx.upstreamStatus = ctx.reply?.status ?? null;
}

/** A TCP RST, not a polite FIN: what a crashing proxy or a dropped route looks like to the client. */
function resetConnection(ctx: Context): void {
  ctx.detached = true;
  const socket = ctx.req.socket;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/**
 * The answer is never written. The socket stays open until the client gives
 * up, the emulator closes, or `slowMs` passes and it is dropped: a client
 * with no timeout of its own hangs until then.
 */
function holdUnanswered(ctx: Context, ms: number, lifetime: AbortSignal): void {
  ctx.detached = true;
  const socket = ctx.req.socket;
  // A client that left while its write was handled has nothing left to hold.
  if (socket.destroyed) return;
  const release = () => {
    clearTimeout(timer);
    lifetime.removeEventListener("abort", drop);
  };
  const drop = () => {
    release();
    socket.destroy();
  };
  const timer = setTimeout(drop, ms);
  lifetime.addEventListener("abort", drop);
  socket.once("close", release);
}

/** Aborts when the client closes the connection, so a slow answer nobody waits for stops holding a timer. */
function clientGone(ctx: Context): AbortSignal {
  const controller = new AbortController();
  if (ctx.res.destroyed) controller.abort();
  else ctx.res.once("close", () => controller.abort());
  return controller.signal;
}
