import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultKind } from "../faults/injector";
import type { Reply } from "../http/reply";
import type { Route, RouteParams } from "../router";
import type { User } from "../users";

/**
 * Everything one API request carries through the stages. Stages fill it in
 * (user, route, body) and the last one sets `reply`; the server writes the
 * reply only after every stage has returned, so a stage wrapping `next` can
 * replace, delay or swallow it. That is the hook later fault injection uses:
 * a "write applied, never answered" fault calls next() and then sets
 * `detached` instead of letting the reply go out.
 */
export interface Context {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Origin the client used to reach us, for HAL links. */
  readonly origin: string;
  readonly startedAt: number;
  user: User | null;
  route: Route | null;
  params: RouteParams;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  reply: Reply | null;
  /** Set by a stage that took the socket over; the server then writes nothing. */
  detached: boolean;
  /** The fault injected into this request, for the request log. */
  fault: FaultKind | null;
  /** What the endpoint answered when a fault then replaced, withheld or delayed that answer. */
  upstreamStatus: number | null;
}

export type Next = () => Promise<void>;
export type Stage = (ctx: Context, next: Next) => Promise<void>;

export function compose(stages: readonly Stage[]): (ctx: Context) => Promise<void> {
  return (ctx) => {
    const run = async (index: number): Promise<void> => {
      const stage = stages[index];
      if (stage === undefined || ctx.reply !== null) return;
      await stage(ctx, () => run(index + 1));
    };
    return run(0);
  };
}
