import type { IncomingMessage } from "node:http";
import { applyConfigPatch } from "../config";
import { readRawBody } from "../http/body";
import { problem } from "../http/problems";
import { jsonReply, noContent, type Reply } from "../http/reply";
import type { EmulatorState } from "../state";
import { dumpAccount } from "./dump";

export const CONTROL_PREFIX = "/_emulator/";

const JSON_TYPE = "application/json";

/**
 * Test and benchmark controls. They need no token, are not rate limited,
 * delayed or logged, so reading the log never changes it.
 */
export async function handleControl(
  state: EmulatorState,
  method: string,
  path: string,
  req: IncomingMessage,
): Promise<Reply> {
  const name = path.slice(CONTROL_PREFIX.length);
  const endpoint = ENDPOINTS[name];
  if (endpoint === undefined) return problem(404, `No control endpoint ${path}`);
  const handler = endpoint[method];
  if (handler === undefined) {
    const reply = problem(405, `${method} is not allowed on ${path}`);
    reply.headers.allow = Object.keys(endpoint).join(", ");
    return reply;
  }
  return handler(state, req);
}

type ControlHandler = (state: EmulatorState, req: IncomingMessage) => Reply | Promise<Reply>;

const ENDPOINTS: Record<string, Record<string, ControlHandler>> = {
  requests: {
    GET: (state) => jsonReply(200, state.log.list(), JSON_TYPE),
    DELETE: (state) => {
      state.log.clear();
      return noContent();
    },
  },
  reset: {
    POST: (state) => {
      state.reset();
      return noContent();
    },
  },
  config: {
    GET: (state) => jsonReply(200, state.config, JSON_TYPE),
    PATCH: async (state, req) => {
      const raw = await readRawBody(req, 64 * 1024);
      if (raw.kind !== "ok") return problem(400, "Could not read the request body");
      let patch: unknown;
      try {
        patch = JSON.parse(raw.data.toString("utf8"));
      } catch {
        return problem(400, "The request body is not valid JSON");
      }
      const error = applyConfigPatch(state.config, patch);
      if (error !== null) return problem(400, error);
      // Any change to the faults replays their sequence from the seed, so a test that sets them is deterministic.
      if (typeof patch === "object" && patch !== null && "faults" in patch) state.injector.restart();
      return jsonReply(200, state.config, JSON_TYPE);
    },
  },
  state: {
    GET: (state) => jsonReply(200, dumpAccount(state.account), JSON_TYPE),
  },
  blocks: {
    DELETE: (state) => {
      state.blocks.clear();
      return noContent();
    },
  },
};
