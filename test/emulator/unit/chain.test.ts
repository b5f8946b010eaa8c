import type { IncomingMessage, ServerResponse } from "node:http";
import { compose, type Context, type Stage } from "../../../emulator/stages/chain";
import { answerInternalErrors } from "../../../emulator/stages/guard";
import { hal } from "../../../emulator/http/reply";

function context(): Context {
  return {
    req: {} as IncomingMessage,
    res: {} as ServerResponse,
    method: "GET",
    path: "/",
    query: new URLSearchParams(),
    origin: "http://localhost",
    startedAt: 0,
    user: null,
    route: null,
    params: {},
    body: undefined,
    reply: null,
    detached: false,
    fault: null,
    upstreamStatus: null,
  };
}

describe("the stage pipeline", () => {
  test("stages run in order, and one that answers stops the rest", async () => {
    const seen: string[] = [];
    const mark =
      (name: string): Stage =>
      async (_ctx, next) => {
        seen.push(name);
        await next();
      };
    const answer: Stage = async (ctx) => {
      seen.push("answer");
      ctx.reply = hal({ ok: true });
    };
    const ctx = context();

    await compose([mark("a"), mark("b"), answer, mark("never")])(ctx);

    expect(seen).toEqual(["a", "b", "answer"]);
    expect(ctx.reply?.status).toBe(200);
  });

  test("a stage that throws becomes Kommo's 500 problem with a trace_id", async () => {
    const errors: unknown[] = [];
    const ctx = context();

    await compose([
      answerInternalErrors((error) => errors.push(error)),
      async () => {
        throw new Error("boom");
      },
    ])(ctx);

    expect(ctx.reply?.status).toBe(500);
    expect(ctx.reply?.headers["content-type"]).toBe("application/problem+json");
    const body = JSON.parse(ctx.reply?.body ?? "{}");
    expect(body).toEqual({
      title: "ErrInternalServer",
      status: 500,
      detail: "Internal server error",
      trace_id: body.trace_id,
    });
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(errors).toHaveLength(1);
  });
});
