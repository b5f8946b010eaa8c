import fc from "fast-check";
import { resolveRefs } from "./fuzz/refs";
import { aimed, toRawRequest } from "./fuzz/requests";
import { fuzzSettings } from "./fuzz/settings";
import { TestApi } from "./harness";
import { brokenInvariants, expectConsistent, type StateDump } from "./invariants";
import { rawRequest, type RawOutcome } from "./rawHttp";
import { answerProblems, PLAIN_STATUSES } from "./wellFormed";

const rate = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.constant(1));
const lowRate = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true }));

/** Any mix of faults; slowMs stays short, so slow answers still arrive and hung sockets are dropped quickly. */
const faults = fc.record({
  seed: fc.nat(),
  errorRate: lowRate,
  errorStatuses: fc.subarray([500, 502, 503, 504], { minLength: 1 }),
  applyBeforeError: rate,
  burst429: fc.option(
    fc.oneof(
      fc
        .integer({ min: 1, max: 4 })
        .chain((length) => fc.record({ every: fc.integer({ min: length, max: 12 }), length: fc.constant(length) })),
      fc.record({ rate: lowRate, length: fc.integer({ min: 1, max: 3 }) }),
    ),
    { nil: null },
  ),
  retryAfter: fc.nat(5),
  resetRate: lowRate,
  applyBeforeReset: rate,
  slowRate: lowRate,
  slowMs: fc.integer({ min: 0, max: 40 }),
  hangWrites: lowRate,
  blocked: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const FAULTY_STATUSES = new Set([...PLAIN_STATUSES, 429, 500, 502, 503, 504]);
const HTML_STATUSES = new Set([403, 502, 503, 504]);
const PIPELINE = /^\/api\/v4\/leads\/pipelines(\/\d+)?$/;

describe("fuzz: under any mix of faults, every failure is accounted for and the account stays consistent", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(async () => {
    await api.close();
  });

  test("random fault settings and random requests", async () => {
    await fc.assert(
      fc.asyncProperty(faults, fc.array(aimed, { minLength: 1, maxLength: 15 }), async (settings, requests) => {
        await api.faults(null);
        await api.control("POST", "reset");
        await api.control("DELETE", "requests");
        const initial = ((await api.state()) as StateDump).pipelines.length;
        await api.faults(settings);
        const outcomes: Array<{ method: string; outcome: RawOutcome }> = [];
        for (const request of requests) {
          const state = (await api.state()) as StateDump;
          const raw = toRawRequest(
            {
              ...request,
              headers: { authorization: `Bearer ${api.emulator.adminToken}`, "content-type": "application/json" },
              chunked: false,
            },
            (text) => resolveRefs(text, state),
          );
          outcomes.push({ method: raw.method, outcome: await rawRequest(api.url, raw, 3000) });
        }
        const log = await api.log();

        expect(log).toHaveLength(requests.length);
        log.forEach((entry, i) => {
          const { method, outcome } = outcomes[i]!;
          if (outcome.kind === "answered") {
            expect(entry.status).toBe(outcome.status);
            expect(["reset", "hang"]).not.toContain(entry.fault);
            if (entry.fault !== null && entry.fault !== "slow" && entry.fault !== "blocked")
              expect(String(outcome.status)).toBe(entry.fault);
            expect(answerProblems(method, outcome, { statuses: FAULTY_STATUSES, html: HTML_STATUSES })).toEqual([]);
          } else {
            expect({ outcome: outcome.kind, fault: entry.fault }).toEqual({
              outcome: "failed",
              fault: expect.stringMatching(/^(reset|hang)$/),
            });
          }
        });
        await api.faults(null);
        const state = await expectConsistent(api);
        expect(brokenInvariants(state)).toEqual([]);
        // The pipelines held are exactly what the endpoint did, answered or not: upstreamStatus when a fault hid it.
        const effect = log.reduce((count, e) => {
          if ((e.upstreamStatus ?? e.status) === 200 && e.method === "POST" && e.path === "/api/v4/leads/pipelines")
            return count + (e.body as unknown[]).length;
          if ((e.upstreamStatus ?? e.status) === 204 && e.method === "DELETE" && PIPELINE.test(e.path))
            return count - 1;
          return count;
        }, initial);
        expect(state.pipelines).toHaveLength(effect);
      }),
      fuzzSettings(30),
    );
  });
});
