import * as E from "fp-ts/Either";
import type * as TE from "fp-ts/TaskEither";
import type * as t from "io-ts";
import { decodeResponse, parseJson } from "./decode";
import { failureFromResponse } from "./errorMapping";
import type { RawResponse } from "./errorMapping";
import { mayHaveApplied, redact, redactFailure } from "./errors";
import type { KommoFailure, Operation } from "./errors";
import type { Circuit } from "./circuit";
import type { RateLimiter } from "./limiter";
import { retryDelayMs } from "./retry";
import type { RetryPolicy } from "./retry";
import { exchange, isRawResponse } from "./transport";
import type { Fetch } from "./transport";

/** Everything one account's requests share. Built once per client; the limiter is shared per account. */
export interface ClientContext {
  readonly baseUrl: string;
  readonly token: string;
  readonly limiter: RateLimiter;
  readonly circuit: Circuit;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly fetch: Fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly userAgent: string;
  /** Called after every HTTP exchange: for logs and request counting. Never receives the token. */
  readonly onExchange?: (info: ExchangeInfo) => void;
}

export interface ExchangeInfo {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly attempt: number;
  readonly failure?: KommoFailure["kind"];
}

interface CallBase<A> {
  readonly action: string;
  readonly target?: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Absent for endpoints that answer 204 with no body. */
  readonly codec?: t.Decoder<unknown, A>;
  /** What an answer with no body (204) means, where an endpoint answers an empty list that way. */
  readonly emptyAs?: A;
  /** The request_id of each item of an array body, to map validation errors back to items. */
  readonly requestIds?: readonly string[];
}

/**
 * One request. A read may always be repeated. A write says whether it may be sent again after an attempt that may
 * have been applied (a timeout, a reset, a 5xx): only its endpoint knows, from what the body asks for. Kommo has no
 * idempotency keys, so the answer is in the request itself: "set the name to X" twice is once, "add a description"
 * twice may be two.
 */
export type Call<A> = CallBase<A> &
  ({ readonly method: "GET" } | { readonly method: "POST" | "PATCH" | "DELETE"; readonly idempotent: boolean });

function urlOf(ctx: ClientContext, call: Call<unknown>): string {
  const qs = call.query ? `?${new URLSearchParams(call.query).toString()}` : "";
  return `${ctx.baseUrl}${call.path}${qs}`;
}

function headersOf(ctx: ClientContext, call: Call<unknown>): Record<string, string> {
  return {
    Authorization: `Bearer ${ctx.token}`,
    Accept: "application/hal+json, application/json, application/problem+json",
    "User-Agent": ctx.userAgent,
    // The reference lists this header for every write, DELETE included.
    ...(call.method !== "GET" ? { "Content-Type": "application/json" } : {}),
  };
}

function successBody<A>(op: Operation, call: Call<A>, raw: RawResponse): E.Either<KommoFailure, A> {
  if (!call.codec) return E.right(undefined as A);
  if (call.emptyAs !== undefined && (raw.status === 204 || raw.text.trim() === "")) return E.right(call.emptyAs);
  let json: unknown;
  try {
    json = parseJson(raw.text);
  } catch {
    return E.left({
      op,
      kind: "invalid_response",
      status: raw.status,
      reason: `the ${op.method} ${op.path} response is not JSON (content-type "${raw.contentType || "none"}")`,
      bodySnippet: raw.text.slice(0, 300),
    });
  }
  return decodeResponse(call.codec, op, json);
}

/**
 * The one request path: rate limit, timeout, status-to-failure mapping, decoding and retries all live here, so every
 * endpoint is a single call over it.
 */
export function send<A>(ctx: ClientContext, call: Call<A>): TE.TaskEither<KommoFailure, A> {
  const op: Operation = { action: call.action, target: call.target, method: call.method, path: call.path };
  const write = call.method !== "GET";
  const idempotent = call.method === "GET" || call.idempotent;
  const request = {
    url: urlOf(ctx, call),
    method: call.method,
    headers: headersOf(ctx, call),
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
    timeoutMs: ctx.timeoutMs,
  };
  return async () => {
    // Set once an attempt of a write may have been applied: whatever later attempts answer cannot undo it, so a
    // retried DELETE that ends on 404, or a PATCH that ends on 400, is reported as ambiguous too.
    let appliedEarlier = false;
    const fail = (failure: KommoFailure): E.Either<KommoFailure, A> =>
      E.left(write && (appliedEarlier || mayHaveApplied(failure)) ? { ...failure, ambiguous: true } : failure);
    for (let attempt = 1; ; attempt++) {
      const earlier = ctx.circuit.tripped(write);
      if (earlier) return fail({ ...earlier, op, notSent: true });
      const answered = await ctx.limiter.acquire();
      const answer = await exchange(ctx.fetch, op, request, ctx.token).finally(answered);
      // Redacted before anything cuts the body short: a snippet could otherwise keep the start of an echoed token.
      const raw = isRawResponse(answer) ? { ...answer, text: redact(answer.text, ctx.token) } : answer;
      let result: E.Either<KommoFailure, A>;
      if (!isRawResponse(raw)) result = E.left(raw);
      else if (raw.status >= 200 && raw.status < 300) result = successBody(op, call, raw);
      else result = E.left(failureFromResponse(op, raw, call.requestIds));
      ctx.onExchange?.({
        method: call.method,
        path: call.path,
        status: isRawResponse(raw) ? raw.status : undefined,
        attempt,
        failure: E.isLeft(result) ? result.left.kind : undefined,
      });
      if (E.isRight(result)) return result;
      const failure = redactFailure(result.left, ctx.token);
      ctx.circuit.record(failure, write);
      const delay = retryDelayMs(failure, attempt, idempotent, ctx.retry, ctx.random);
      if (delay === undefined) return fail(failure);
      appliedEarlier ||= mayHaveApplied(failure);
      // Every request to this account waits out a 429, not just this one: that is what keeps an account unblocked.
      if (failure.kind === "rate_limited") ctx.limiter.pauseFor(delay);
      await ctx.sleep(delay);
    }
  };
}
