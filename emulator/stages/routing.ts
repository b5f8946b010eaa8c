import type { View } from "../http/hal";
import { problem } from "../http/problems";
import type { Stage } from "./chain";
import type { Router } from "../router";
import type { EmulatorState } from "../state";

export function resolveRoute(router: Router): Stage {
  return async (ctx, next) => {
    const resolution = router.resolve(ctx.method, ctx.path);
    if (resolution.kind === "notFound") {
      ctx.reply = problem(404, `No route for ${ctx.path}`);
      return;
    }
    if (resolution.kind === "methodNotAllowed") {
      ctx.reply = problem(405, `${ctx.method} is not allowed on ${ctx.path}`);
      ctx.reply.headers.allow = resolution.allow.join(", ");
      return;
    }
    ctx.route = resolution.route;
    ctx.params = resolution.params;
    await next();
  };
}

/** Innermost stage: the handler runs against whichever account is current. */
export function dispatch(state: EmulatorState): Stage {
  return async (ctx) => {
    const { route, user } = ctx;
    if (route === null || user === null) throw new Error("dispatch reached without a route or a user");
    const view: View = { origin: ctx.origin, accountId: state.account.id };
    ctx.reply = route.handler({
      account: state.account,
      user,
      params: ctx.params,
      query: ctx.query,
      body: ctx.body,
      view,
      behaviour: state.config.behaviour,
    });
  };
}
