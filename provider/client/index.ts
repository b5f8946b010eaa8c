import * as E from "fp-ts/Either";
import type * as TE from "fp-ts/TaskEither";
import fetch from "node-fetch";
import { resolveBaseUrl } from "./address";
import type { AccountAddress } from "./address";
import { createCircuit } from "./circuit";
import { KommoError } from "./errors";
import type { KommoFailure } from "./errors";
import { AccountRateLimiter, DEFAULT_RATE_LIMIT } from "./limiter";
import { withSharedPacing } from "./sharedPacing";
import * as leads from "./leads";
import * as pipelines from "./pipelines";
import type { ClientContext, ExchangeInfo } from "./request";
import { DEFAULT_RETRY_POLICY } from "./retry";
import type { RetryPolicy } from "./retry";
import * as statuses from "./statuses";
import type { Fetch } from "./transport";

export * from "./codecs";
export * from "./errors";
export type { AccountAddress } from "./address";
export type { ExchangeInfo } from "./request";
export type { DeleteOutcome } from "./deletion";
export type { Names } from "./labels";
export type { ItemResult } from "./recovery";
export type { RetryPolicy } from "./retry";
// Named one by one: `export type *` needs TypeScript 5.0, and the published types must compile under 3.8.
export type {
  NewStatusDescription,
  NewStatus,
  StatusDescriptionChange,
  StatusChanges,
  StatusPatch,
  EmbeddedNewStatus,
  NewPipeline,
  PipelineChanges,
} from "./wire";
export { DEFAULT_RATE_LIMIT } from "./limiter";
export { LEADS_PAGE_LIMIT } from "./leads";

export interface KommoClientConfig {
  readonly address: AccountAddress;
  readonly accessToken: string;
  /** Requests per second for this account, across every request of this client. 0 turns the limiter off. */
  readonly rateLimit?: number;
  /** Per request, including reading the body. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly fetch?: Fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly onExchange?: (info: ExchangeInfo) => void;
  /**
   * Pace requests together with every other process of this machine on the same account (sharedPacing.ts): the
   * provider sessions and lookups do, since each provider of a stack is a process of its own.
   */
  readonly sharedPacing?: boolean | { readonly dir: string };
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const bind =
  <Args extends unknown[], R>(ctx: ClientContext, f: (ctx: ClientContext, ...args: Args) => R) =>
  (...args: Args): R =>
    f(ctx, ...args);

function makeClient(ctx: ClientContext) {
  return {
    baseUrl: ctx.baseUrl,
    listPipelines: bind(ctx, pipelines.listPipelines),
    getPipeline: bind(ctx, pipelines.getPipeline),
    addPipelines: bind(ctx, pipelines.addPipelines),
    updatePipeline: bind(ctx, pipelines.updatePipeline),
    deletePipeline: bind(ctx, pipelines.deletePipeline),
    deletePipelineIfPresent: bind(ctx, pipelines.deletePipelineIfPresent),
    listStatuses: bind(ctx, statuses.listStatuses),
    getStatus: bind(ctx, statuses.getStatus),
    addStatuses: bind(ctx, statuses.addStatuses),
    updateStatus: bind(ctx, statuses.updateStatus),
    deleteStatus: bind(ctx, statuses.deleteStatus),
    deleteStatusIfPresent: bind(ctx, statuses.deleteStatusIfPresent),
    leadsInPipeline: bind(ctx, leads.leadsInPipeline),
    leadsInStatus: bind(ctx, leads.leadsInStatus),
    leadsById: bind(ctx, leads.leadsById),
  };
}

export type KommoClient = ReturnType<typeof makeClient>;

/** Builds a client, or says which setting is wrong. The token is checked for presence only: Kommo judges the rest. */
export function createClient(config: KommoClientConfig): E.Either<string, KommoClient> {
  if (!config.accessToken || !config.accessToken.trim()) return E.left("the access token is empty");
  const base = resolveBaseUrl(config.address);
  if (E.isLeft(base)) return base;
  const rateLimit = config.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (!Number.isFinite(rateLimit) || rateLimit < 0)
    return E.left(`the rate limit ${rateLimit} must be 0 (off) or more`);
  const ctx: ClientContext = {
    baseUrl: base.right,
    token: config.accessToken.trim(),
    // One client per provider session, and so one budget and one circuit for the account in a run.
    limiter: config.sharedPacing
      ? withSharedPacing(new AccountRateLimiter({ perSecond: rateLimit }), {
          account: base.right,
          ...(typeof config.sharedPacing === "object" ? { dir: config.sharedPacing.dir } : {}),
        })
      : new AccountRateLimiter({ perSecond: rateLimit }),
    circuit: createCircuit(),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY_POLICY, ...config.retry },
    fetch: config.fetch ?? fetch,
    sleep: config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: config.random ?? Math.random,
    userAgent: "pulumi-kommo",
    onExchange: config.onExchange,
  };
  return E.right(makeClient(ctx));
}

/** The edge: runs a client call and throws a KommoError with the user-facing message when it fails. */
export async function orThrow<A>(task: TE.TaskEither<KommoFailure, A>): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw new KommoError(result.left);
  return result.right;
}
