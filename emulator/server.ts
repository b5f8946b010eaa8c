import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { RuntimeConfig } from "./config";
import { CONTROL_PREFIX, handleControl } from "./control/controlApi";
import { internalError } from "./http/problems";
import type { Reply } from "./http/reply";
import { compose, type Context, type Stage } from "./stages/chain";
import { apiRouter } from "./routes";
import { authenticate, authorize, requirePayment } from "./stages/access";
import { answerInternalErrors } from "./stages/guard";
import { injectFaults } from "./stages/faults";
import { addLatency } from "./stages/latency";
import { limitRate, refuseBlocked } from "./stages/rateLimit";
import { readBody } from "./stages/readBody";
import { recordRequest } from "./stages/recordRequest";
import { dispatch, resolveRoute } from "./stages/routing";
import { EmulatorState } from "./state";
import { Users } from "./users";

export interface ServerOptions {
  adminToken: string;
  userToken: string;
  accountId: number;
  config: RuntimeConfig;
  bodyLimit: number;
  /** Where unexpected handler errors are reported. */
  onError: (error: unknown) => void;
}

/**
 * The order of the stages is the order a request meets them. Injected faults
 * sit behind the rate limiter and in front of everything else, where Kommo's
 * gateway sits in front of Kommo; the `blocked` fault shares refuseBlocked.
 */
function apiStages(state: EmulatorState, options: ServerOptions, lifetime: AbortSignal): Stage[] {
  return [
    recordRequest(state.log),
    answerInternalErrors(options.onError),
    addLatency(state.config, lifetime),
    refuseBlocked(state.blocks, state.config),
    limitRate(state.limiter, state.blocks, state.config),
    injectFaults(state.injector, state.config, lifetime),
    authenticate(state.users),
    requirePayment(state.config),
    resolveRoute(apiRouter()),
    authorize(),
    readBody(options.bodyLimit),
    dispatch(state),
  ];
}

export interface EmulatorServer {
  server: Server;
  state: EmulatorState;
  /** Aborts pending latency waits and drops open connections. */
  shutdown(): Promise<void>;
}

export function createEmulatorServer(options: ServerOptions): EmulatorServer {
  const state = new EmulatorState(options.accountId, new Users(options.adminToken, options.userToken), options.config);
  const lifetime = new AbortController();
  const run = compose(apiStages(state, options, lifetime.signal));
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => options.onError(error));
  });
  server.on("clientError", (_error, socket: Socket) => {
    if (socket.writable) {
      const body = JSON.stringify({
        title: "Bad Request",
        type: "https://httpstatus.es/400",
        status: 400,
        detail: "Malformed HTTP request",
      });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    } else {
      socket.destroy();
    }
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { path, query } = splitTarget(req.url ?? "/");
    const method = (req.method ?? "GET").toUpperCase();
    let reply: Reply | null = null;
    let detached = false;
    try {
      if (path.startsWith(CONTROL_PREFIX)) {
        reply = await handleControl(state, method, path, req);
      } else {
        const ctx: Context = {
          req,
          res,
          method,
          path,
          query,
          origin: originOf(req, server),
          startedAt: Date.now(),
          user: null,
          route: null,
          params: {},
          body: undefined,
          reply: null,
          detached: false,
          fault: null,
          upstreamStatus: null,
        };
        await run(ctx);
        reply = ctx.reply;
        detached = ctx.detached;
      }
    } catch (error) {
      options.onError(error);
      reply = internalError("Internal server error", randomUUID());
    }
    if (detached || res.destroyed) return;
    write(res, reply ?? internalError("No stage answered the request", randomUUID()));
  }

  return {
    server,
    state,
    shutdown: () =>
      new Promise<void>((resolve) => {
        lifetime.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function write(res: ServerResponse, reply: Reply): void {
  res.on("error", () => undefined);
  if (reply.status === 204) {
    res.writeHead(204, reply.headers);
    res.end();
    return;
  }
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}

/** Split by hand: `new URL` would read a path starting with "//" as a host. */
function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const mark = target.indexOf("?");
  const path = mark === -1 ? target : target.slice(0, mark);
  return { path, query: new URLSearchParams(mark === -1 ? "" : target.slice(mark + 1)) };
}

/** HAL links point back at the address the client used (the Host header), else at where we listen. */
function originOf(req: IncomingMessage, server: Server): string {
  const host = req.headers.host;
  if (host !== undefined && /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/.test(host)) {
    return `http://${host}`;
  }
  const address = server.address();
  if (address === null || typeof address === "string") return "http://localhost";
  return `http://${formatHost(address.address)}:${address.port}`;
}

export function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}
