import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import nock from "nock";
import { unknownValue as UNKNOWN } from "@pulumi/pulumi/runtime/rpc";

export { useNock } from "../client/nockSetup";
export { UNKNOWN };

/** A host of its own, so no limiter or mock is shared with the client tests. */
export const BASE = "https://provider-test.kommo.com";
export const TOKEN = "provider-token-5b8e1f0a9c";
export const ACCOUNT = 31361463;

export const HAL = { "Content-Type": "application/hal+json" };
export const PROBLEM = { "Content-Type": "application/problem+json" };

/** Every mock checks the bearer token, so a test also proves the token from configure reached the request. */
export const api = () => nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } });

export const LEADS = "/api/v4/leads";

/** The one page of a pipeline's leads the provider reads, before a status delete and before a pipeline delete. */
export const leadsOfPipeline = (pipelineId: number, scope: nock.Scope = api()) =>
  scope.get(LEADS).query({ "filter[pipeline_id]": String(pipelineId), limit: "250" });

/** A pipeline that holds no lead: Kommo answers the empty page with 204 and no body. */
export const noLeadsIn = (pipelineId: number, scope: nock.Scope = api()) =>
  leadsOfPipeline(pipelineId, scope).reply(204);

/** Stack config as the dynamic provider host hands it to configure (its own Config class), secrets decrypted. */
export function configRequest(values: Record<string, string>): dynamic.ConfigureRequest {
  return { config: new Config(values, "kommo-provider-test") };
}

/** The limiter is turned off: a test waits on nothing but its mocks. */
export const TEST_CONFIG = { "kommo:baseUrl": BASE, "kommo:accessToken": TOKEN, "kommo:rateLimit": "0" };

/** The provider reads these from the environment; a developer's own settings must not leak into a test. */
export const KOMMO_ENV = [
  "KOMMO_SUBDOMAIN",
  "KOMMO_BASE_URL",
  "KOMMO_ACCESS_TOKEN",
  "KOMMO_RATE_LIMIT",
  "KOMMO_BATCHING",
];

export function isolateKommoEnv(): void {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const k of KOMMO_ENV) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
  });
  afterEach(() => {
    for (const k of KOMMO_ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
}

/** Runs `work` with these environment variables set, as a program run in a shell that exports them would. */
export async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export interface LiveStatus {
  id: number;
  name: string;
  sort: number;
  is_editable: boolean;
  pipeline_id: number;
  color: string;
  type: number;
  account_id: number;
  request_id?: string;
  descriptions?: { id?: number; level: string; description: string }[];
}

export function liveStatus(
  pipelineId: number,
  s: Partial<LiveStatus> & { id: number; name: string; sort: number },
): LiveStatus {
  return { is_editable: true, pipeline_id: pipelineId, color: "#fffeb2", type: 0, account_id: ACCOUNT, ...s };
}

/** What Kommo holds for a fresh pipeline: the incoming status and the won and lost statuses. */
export function systemStatuses(
  pipelineId: number,
  incomingId: number,
  won = "Closed - won",
  lost = "Closed - lost",
): LiveStatus[] {
  return [
    liveStatus(pipelineId, {
      id: incomingId,
      name: "Incoming leads",
      sort: 10,
      type: 1,
      is_editable: false,
      color: "#c1c1c1",
    }),
    liveStatus(pipelineId, { id: 142, name: won, sort: 10000, is_editable: false, color: "#CCFF66" }),
    liveStatus(pipelineId, { id: 143, name: lost, sort: 11000, is_editable: false, color: "#D5D8DB" }),
  ];
}

export function livePipeline(
  p: { id: number; name: string; sort: number; is_main?: boolean; is_unsorted_on?: boolean; request_id?: string },
  statuses?: LiveStatus[],
) {
  return {
    is_main: false,
    is_unsorted_on: true,
    is_archive: false,
    account_id: ACCOUNT,
    ...p,
    ...(statuses ? { _embedded: { statuses } } : {}),
  };
}

export const statusList = (statuses: LiveStatus[]) => ({ _total_items: statuses.length, _embedded: { statuses } });

/** Kommo's answer to a request it refuses, with its per-item `validation-errors`. */
export function problem(
  detail: string,
  items: { request_id: string; errors: { code: string; path: string; detail?: string }[] }[] = [],
) {
  return {
    title: "Bad Request",
    type: "https://httpstatus.es/400",
    status: 400,
    detail,
    ...(items.length ? { "validation-errors": items } : {}),
  };
}

/** Awaits a rejection and hands back the error, whatever realm it was created in. */
export async function rejection(p: Promise<unknown>): Promise<Error & { kind?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { kind?: string };
  }
  throw new Error("expected a rejection, got a result");
}
