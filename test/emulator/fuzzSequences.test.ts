import fc from "fast-check";
import { AccountModel } from "./fuzz/model";
import { resolveRefs } from "./fuzz/refs";
import { aimed, toRawRequest } from "./fuzz/requests";
import { fuzzSettings } from "./fuzz/settings";
import { TestApi } from "./harness";
import { brokenInvariants, expectConsistent, type StateDump } from "./invariants";
import { rawRequest } from "./rawHttp";
import { answerProblems, PLAIN_STATUSES } from "./wellFormed";

/** Mostly the admin, whose writes go through; sometimes a plain user, whose structure writes must change nothing. */
const token = fc.oneof(
  { weight: 5, arbitrary: fc.constant("admin-token") },
  { weight: 1, arbitrary: fc.constant("user-token") },
);

const step = fc.record({ request: aimed, token });

describe("fuzz: sequences of valid-ish writes keep the account consistent with what the answers said", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(async () => {
    await api.close();
  });

  test("pipelines, statuses and leads created, edited, moved and deleted in any order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        await api.control("POST", "reset");
        let state = (await api.state()) as StateDump;
        const model = new AccountModel(state);
        for (const { request, token } of steps) {
          const raw = toRawRequest(
            {
              ...request,
              headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
              chunked: false,
            },
            (text) => resolveRefs(text, state),
          );
          const outcome = await rawRequest(api.url, raw, 5000);

          if (outcome.kind !== "answered")
            throw new Error(`${raw.method} ${raw.target} got no answer: ${JSON.stringify(outcome)}`);
          expect(answerProblems(raw.method, outcome, { statuses: PLAIN_STATUSES })).toEqual([]);
          model.observe(
            raw.method,
            raw.target,
            outcome.status,
            outcome.body.length > 0 ? JSON.parse(outcome.body.toString("utf8")) : undefined,
          );
          state = (await api.state()) as StateDump;
          expect(brokenInvariants(state)).toEqual([]);
          expect(model.differences(state)).toEqual([]);
        }
        await expectConsistent(api);
      }),
      fuzzSettings(40),
    );
  });

  test("under the hostile profile every invariant holds too, and pipeline sorts are 1 for the main one, 1000, 2000, ... for the rest", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        await api.control("POST", "reset");
        await api.control("PATCH", "config", { profile: "hostile" });
        let state = (await api.state()) as StateDump;
        try {
          for (const { request, token } of steps) {
            const raw = toRawRequest(
              {
                ...request,
                headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
                chunked: false,
              },
              (text) => resolveRefs(text, state),
            );
            const outcome = await rawRequest(api.url, raw, 5000);

            if (outcome.kind !== "answered")
              throw new Error(`${raw.method} ${raw.target} got no answer: ${JSON.stringify(outcome)}`);
            expect(answerProblems(raw.method, outcome, { statuses: PLAIN_STATUSES })).toEqual([]);
            state = (await api.state()) as StateDump;
            expect(brokenInvariants(state, { statusSortNumbers: "kept" })).toEqual([]);
            const main = state.pipelines.filter((p) => p.is_main).map((p) => p.sort);
            const others = state.pipelines
              .filter((p) => !p.is_main)
              .map((p) => p.sort)
              .sort((a, b) => a - b);
            expect([main, others]).toEqual([[1], others.map((_, i) => 1000 * (i + 1))]);
          }
          await expectConsistent(api, { statusSortNumbers: "kept" });
        } finally {
          await api.control("PATCH", "config", { profile: "reference" });
        }
      }),
      fuzzSettings(20),
    );
  });
});
