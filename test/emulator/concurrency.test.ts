import { seededRandom } from "../../emulator/faults/random";
import { AccountModel } from "./fuzz/model";
import { PROBLEM_JSON, useApi, type ApiResponse, type TestApi } from "./harness";
import { brokenInvariants, expectConsistent, type StateDump } from "./invariants";

const PIPELINES = "/api/v4/leads/pipelines";

type Call = { method: string; path: string; body?: unknown };

/** Handlers are synchronous, but parsing, routing and answering interleave: races show up between requests, not inside one. */
async function fireAll(api: TestApi, calls: Call[]): Promise<Array<Call & { response: ApiResponse }>> {
  const responses = await Promise.all(
    calls.map((c) => api.call(c.method, c.path, c.body === undefined ? {} : { body: c.body })),
  );
  return calls.map((call, i) => ({ ...call, response: responses[i] as ApiResponse }));
}

function statusItem(random: () => number, name: string) {
  return { name, sort: Math.floor(random() * 100) };
}

describe("concurrency: many parallel requests leave the account consistent", () => {
  const api = useApi();

  test("200 parallel status and pipeline creates, edits and deletes across pipelines", async () => {
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const created = await api().post(
      PIPELINES,
      Array.from({ length: 4 }, (_, i) => ({
        name: `P${i}`,
        sort: 10 + i,
        is_main: false,
        is_unsorted_on: i % 2 === 0,
        _embedded: { statuses: Array.from({ length: 6 }, (_, j) => ({ name: `S${i}.${j}`, sort: j * 10 })) },
      })),
    );
    const main = await api().mainPipeline();
    const extra: any[] = created.json._embedded.pipelines;
    const pipelineIds = [main.id, ...extra.map((p) => p.id)];
    const existing = extra.flatMap((p) =>
      p._embedded.statuses.filter((s: any) => s.is_editable).map((s: any) => ({ pipeline: p.id, status: s.id })),
    );
    await api().post(
      "/api/v4/leads",
      existing.slice(0, 6).map((s) => ({ pipeline_id: s.pipeline, status_id: s.status })),
    );
    const model = new AccountModel(await api().state());

    const calls: Call[] = [
      ...Array.from({ length: 80 }, (_, i): Call => ({
        method: "POST",
        path: `${PIPELINES}/${pick(pipelineIds)}/statuses`,
        body: Array.from({ length: 1 + Math.floor(random() * 2) }, (_, j) => statusItem(random, `new ${i}.${j}`)),
      })),
      // Some statuses are deleted twice at once: exactly one of the two may win.
      ...Array.from({ length: 40 }, (): Call => {
        const s = pick(existing);
        return { method: "DELETE", path: `${PIPELINES}/${s.pipeline}/statuses/${s.status}` };
      }),
      ...Array.from({ length: 30 }, (): Call => {
        const s = pick(existing);
        return {
          method: "PATCH",
          path: `${PIPELINES}/${s.pipeline}/statuses/${s.status}`,
          body: { sort: Math.floor(random() * 100) },
        };
      }),
      ...Array.from({ length: 20 }, (_, i): Call => ({
        method: "POST",
        path: PIPELINES,
        body: [
          {
            name: `Parallel ${i}`,
            sort: i,
            is_main: random() < 0.2,
            is_unsorted_on: true,
            _embedded: { statuses: [statusItem(random, "first")] },
          },
        ],
      })),
      // Pipelines that still get statuses, and some that hold leads: deletes race with creates and must not half-happen.
      ...Array.from({ length: 10 }, (): Call => ({ method: "DELETE", path: `${PIPELINES}/${pick(extra).id}` })),
      ...Array.from({ length: 20 }, (): Call => ({
        method: "POST",
        path: "/api/v4/leads",
        body: [{ pipeline_id: pick(pipelineIds) }],
      })),
    ];
    expect(calls).toHaveLength(200);

    const answered = await fireAll(api(), calls);

    for (const { method, path, response } of answered) {
      expect([200, 204, 400, 404, 422]).toContain(response.status);
      if (response.status >= 400) expect(response.contentType).toBe(PROBLEM_JSON);
      model.observe(method, path, response.status, response.json);
    }
    const state: StateDump = await expectConsistent(api());
    expect(brokenInvariants(state)).toEqual([]);
    expect(model.differences(state)).toEqual([]);
    // Every id an answer handed out is unique and, unless its pipeline went, still there.
    const handedOut = answered
      .filter((a) => a.method === "POST" && a.response.status === 200)
      .flatMap((a) => {
        const embedded = a.response.json._embedded;
        return (embedded.statuses ?? embedded.pipelines ?? embedded.leads).map((x: any) => x.id);
      });
    expect(new Set(handedOut).size).toBe(handedOut.length);
    const statusDeletes = answered.filter((a) => a.method === "DELETE" && a.path.includes("/statuses/"));
    const distinctTargets = new Set(statusDeletes.map((a) => a.path)).size;
    expect(statusDeletes.filter((a) => a.response.status === 204).length).toBeLessThanOrEqual(distinctTargets);
  });

  test("60 parallel pipeline creates fill the account to exactly 50 and refuse the rest with 422", async () => {
    const answered = await fireAll(
      api(),
      Array.from({ length: 60 }, (_, i) => ({
        method: "POST",
        path: PIPELINES,
        body: [
          {
            name: `N${i}`,
            sort: i,
            is_main: false,
            is_unsorted_on: true,
            _embedded: { statuses: [{ name: "Work", sort: 10 }] },
          },
        ],
      })),
    );

    const statuses = answered.map((a) => a.response.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(statuses.filter((s) => s === 422)).toHaveLength(11);
    expect((await expectConsistent(api())).pipelines).toHaveLength(50);
  });

  test("110 parallel status creates fill a pipeline to exactly 100 statuses, sorted 20, 30, ... with no gaps", async () => {
    // Its one regular status, "Work", and the three system ones leave room for 96.
    const pipeline = await api().createPipeline();
    const random = seededRandom(11);

    const answered = await fireAll(
      api(),
      Array.from({ length: 110 }, (_, i) => ({
        method: "POST",
        path: `${PIPELINES}/${pipeline.id}/statuses`,
        body: [statusItem(random, `S${i}`)],
      })),
    );

    const statuses = answered.map((a) => a.response.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(96);
    expect(statuses.filter((s) => s === 422)).toHaveLength(14);
    const held = (await expectConsistent(api())).pipelines.find((p) => p.id === pipeline.id);
    const sorts = held!.statuses.filter((s) => s.system === null).map((s) => s.sort);
    expect(sorts).toEqual(Array.from({ length: 97 }, (_, i) => 20 + 10 * i));
  });
});
