import { randomUUID } from "node:crypto";
import { internalError } from "../http/problems";
import type { Stage } from "./chain";

/**
 * A bug in a handler must still produce an answer, in the shape Kommo uses
 * for its own 500s, and must show up in the request log as a 500.
 */
export function answerInternalErrors(onError: (error: unknown) => void): Stage {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      onError(error);
      ctx.reply = internalError("Internal server error", randomUUID());
    }
  };
}
