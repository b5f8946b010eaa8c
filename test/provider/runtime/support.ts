import nock from "nock";
import { configure, pipeline, resetSession } from "../../../provider/runtime";
import type { PipelineInputs } from "../../../provider/runtime/types";
import { TEST_CONFIG, configRequest, isolateKommoEnv, useNock, withEnv } from "../support";

/** Starts a new provider process: a fresh session, configured as the provider host configures it. */
export async function freshSession(config: Record<string, string> = TEST_CONFIG): Promise<void> {
  resetSession();
  await configure(configRequest(config));
}

/**
 * Every runtime test runs with the network closed, must use each mock it declares (useNock), and may make no request
 * that no mock expects: each is recorded and fails the test by name, so "no GET" and "exactly one GET" are checked,
 * not only "every mock was hit". Each test is a provider process of its own, kept apart from the developer's KOMMO_*.
 */
export function useRuntime(): void {
  useNock();
  isolateKommoEnv();
  const unexpected: string[] = [];
  const record = (req: { method?: string; path?: string }) => unexpected.push(`${req.method} ${req.path}`);
  beforeAll(() => void nock.emitter.on("no match", record));
  afterAll(() => void nock.emitter.removeListener("no match", record));
  beforeEach(() => freshSession());
  afterEach(() => {
    expect(unexpected.splice(0)).toEqual([]);
  });
}

/** Runs `work` in a provider process started with KOMMO_BATCHING=off, the benchmark's baseline. */
export function withBatchingOff<T>(work: () => Promise<T>): Promise<T> {
  return withEnv({ KOMMO_BATCHING: "off" }, async () => {
    await freshSession();
    return work();
  });
}

/** nock hands a JSON body to a reply function parsed or as text, depending on the request. */
export const bodyOf = <T = Record<string, any>>(body: unknown): T =>
  (typeof body === "string" ? JSON.parse(body) : body) as T;

/** Counts the requests a mock answers, so a test can say how many were made. */
export function counted<A extends unknown[]>(reply: (...args: A) => unknown) {
  const hits = { n: 0 };
  return {
    hits,
    reply: (...args: A) => {
      hits.n++;
      return reply(...args);
    },
  };
}

/** Pipeline inputs as the engine hands them to create and update: through check, which must pass them. */
export async function checkedPipeline(news: object): Promise<PipelineInputs> {
  const r = await pipeline.check({}, news as PipelineInputs);
  expect(r.failures).toEqual([]);
  return r.inputs as PipelineInputs;
}
