import { isJsonMediaType, readRawBody } from "../http/body";
import { problem } from "../http/problems";
import type { Stage } from "./chain";

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const WITH_BODY = new Set(["POST", "PATCH", "PUT"]);

/**
 * Parses the JSON body of writes. The reference asks for
 * Content-Type: application/json on them, so anything else is refused (415).
 * A body on GET or DELETE is read and ignored.
 */
export function readBody(limit = DEFAULT_BODY_LIMIT): Stage {
  return async (ctx, next) => {
    const raw = await readRawBody(ctx.req, limit);
    if (raw.kind === "aborted") {
      ctx.detached = true;
      return;
    }
    if (raw.kind === "tooLarge") {
      ctx.reply = problem(413, `The request body is larger than ${limit} bytes`);
      return;
    }
    if (!WITH_BODY.has(ctx.method)) return next();
    if (raw.data.length === 0) {
      ctx.reply = problem(400, "The request body is empty");
      return;
    }
    if (!isJsonMediaType(ctx.req.headers["content-type"])) {
      ctx.reply = problem(415, "The request body must be sent as Content-Type: application/json");
      return;
    }
    try {
      ctx.body = JSON.parse(raw.data.toString("utf8")) as unknown;
    } catch {
      ctx.reply = problem(400, "The request body is not valid JSON");
      return;
    }
    await next();
  };
}
