import fc from "fast-check";
import { requestSpec, toRawRequest } from "./fuzz/requests";
import { resolveRefs } from "./fuzz/refs";
import { fuzzSettings } from "./fuzz/settings";
import { baseRequest, mutate, mutations, sendRaw } from "./fuzz/wire";
import { TestApi } from "./harness";
import { brokenInvariants, expectConsistent, type StateDump } from "./invariants";
import { rawRequest } from "./rawHttp";
import { answerProblems, PLAIN_STATUSES } from "./wellFormed";

describe("fuzz: whatever a client sends, the emulator answers well-formed and stays consistent", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(async () => {
    await api.close();
  });

  test("random methods, paths, queries, headers and bodies", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestSpec, { minLength: 1, maxLength: 4 }), async (specs) => {
        await api.control("POST", "reset");
        for (const spec of specs) {
          const state = (await api.state()) as StateDump;
          const raw = toRawRequest(spec, (text) => resolveRefs(text, state));
          const outcome = await rawRequest(api.url, raw, 5000);

          if (outcome.kind !== "answered")
            throw new Error(`${raw.method} ${raw.target} got no answer: ${JSON.stringify(outcome)}`);
          expect(answerProblems(raw.method, outcome, { statuses: PLAIN_STATUSES })).toEqual([]);
          expect(brokenInvariants((await api.state()) as StateDump)).toEqual([]);
        }
      }),
      fuzzSettings(150),
    );
    await expectConsistent(api);
  });

  test("a proper request with its bytes flipped, cut, repeated or added to", async () => {
    await fc.assert(
      fc.asyncProperty(mutations, async (changes) => {
        await api.control("POST", "reset");
        const answer = await sendRaw(api.emulator.port, mutate(baseRequest(api.emulator.adminToken), changes));

        // Nothing at all is fair for a request that never completed; anything sent must be HTTP with a JSON kind of body.
        if (answer !== "") {
          expect(answer).toMatch(/^HTTP\/1\.1 \d{3} /);
          expect(answer.toLowerCase()).toMatch(/content-type: application\/(hal|problem)\+json/);
          expect(answer).not.toMatch(/^HTTP\/1\.1 5/);
        }
        expect(brokenInvariants((await api.state()) as StateDump)).toEqual([]);
        expect((await api.get("/api/v4/leads/pipelines")).status).toBe(200);
      }),
      fuzzSettings(60),
    );
  });
});
