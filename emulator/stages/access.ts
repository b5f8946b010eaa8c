import type { RuntimeConfig } from "../config";
import { forbidden, paymentRequired, unauthorized } from "../http/problems";
import type { Stage } from "./chain";
import type { Users } from "../users";
import { bearerToken } from "./clientKey";

export function authenticate(users: Users): Stage {
  return async (ctx, next) => {
    const token = bearerToken(ctx.req);
    const user = token === null ? null : users.find(token);
    if (user === null) {
      ctx.reply = unauthorized();
      return;
    }
    ctx.user = user;
    await next();
  };
}

/** docs/kommo-api.md: 402 once the paid or trial period has ended; switched on through the control API. */
export function requirePayment(config: RuntimeConfig): Stage {
  return async (ctx, next) => {
    if (config.paymentRequired) {
      ctx.reply = paymentRequired();
      return;
    }
    await next();
  };
}

/** Runs after routing: whether a write needs an administrator depends on the route. */
export function authorize(): Stage {
  return async (ctx, next) => {
    if (ctx.route?.adminOnly === true && ctx.user?.role !== "admin") {
      ctx.reply = forbidden();
      return;
    }
    await next();
  };
}
