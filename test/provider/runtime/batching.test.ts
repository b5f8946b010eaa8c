import nock from "nock";
import { configure, pipeline, status } from "../../../provider/runtime";
import { MAX_BATCH, READ_REUSE_MS } from "../../../provider/runtime/tuning";
import type { PipelineOutputs, StatusOutputs } from "../../../provider/runtime/types";
import { resetViews } from "../../../provider/runtime/views";
import {
  ACCOUNT,
  HAL,
  PROBLEM,
  TEST_CONFIG,
  api,
  configRequest,
  isolateKommoEnv,
  livePipeline,
  liveStatus,
  problem,
  rejection,
  statusList,
  systemStatuses,
  useNock,
  withEnv,
  type LiveStatus,
} from "../support";

/**
 * Issue 4: batched creates and coalesced reads, counted request by request. Every mock is used once (useNock), and a
 * request no mock expects is recorded here and fails the test by name, so "no GET" and "exactly one GET" are checked.
 */

useNock();
isolateKommoEnv();

const unexpected: string[] = [];
const recordUnexpected = (req: { method?: string; path?: string }) => unexpected.push(`${req.method} ${req.path}`);
beforeAll(() => {
  configure(configRequest(TEST_CONFIG));
  nock.emitter.on("no match", recordUnexpected);
});
afterAll(() => void nock.emitter.removeListener("no match", recordUnexpected));
// Each test is a provider process of its own: no read, snapshot or queue is carried over from the test before.
beforeEach(() => resetViews());
afterEach(() => expect(unexpected.splice(0)).toEqual([]));

const PIPELINES = "/api/v4/leads/pipelines";
const statusesOf = (p: number) => `${PIPELINES}/${p}/statuses`;
/** Kept apart from the ids the tests give regular statuses (79xxxxxx). */
const incomingOf = (p: number) => p + 50_000_000;
const fresh = (p: number, won?: string, lost?: string) => systemStatuses(p, incomingOf(p), won, lost);
const listOf = (...pipelines: ReturnType<typeof livePipeline>[]) => ({ _total_items: pipelines.length, _embedded: { pipelines } });
const created = (...pipelines: ReturnType<typeof livePipeline>[]) => ({ _embedded: { pipelines } });
const withDescriptions = (p: number) => api().get(statusesOf(p)).query({ with: "descriptions" });
/** nock hands a JSON body to a reply function parsed or as text, depending on the request. */
const items = (body: unknown) => (typeof body === "string" ? JSON.parse(body) : body) as Record<string, any>[];

const NEW_PIPELINE = { is_main: false, is_unsorted_on: true };

/** What the resource held after its last up or refresh: the starting point of a read or an update. */
const pipelineState = (id: number, name: string, sort: number): PipelineOutputs => ({
  name,
  sort,
  isMain: false,
  isUnsortedOn: true,
  pipelineId: id,
  isArchive: false,
  accountId: ACCOUNT,
  incomingStatusId: incomingOf(id),
  wonStatusId: 142,
  lostStatusId: 143,
  wonStatusLiveName: "Closed - won",
  lostStatusLiveName: "Closed - lost",
});
const statusState = (pipelineId: number, id: number, name: string, sort: number): StatusOutputs => ({
  pipelineId,
  name,
  sort,
  descriptions: [],
  statusId: id,
  type: 0,
  isEditable: true,
  accountId: ACCOUNT,
  assignedSort: sort + 10,
  liveColor: "#fffeb2",
});

/** Counts the requests a mock answers, so a test can say how many were made. */
function counted(reply: () => unknown) {
  const hits = { n: 0 };
  return { hits, reply: () => (hits.n++, reply()) };
}

describe("pipeline creates are batched", () => {
  const A = 7900001;
  const B = 7900002;

  test("two pipelines created together go out as ONE POST, and each gets its own pipeline by request_id", async () => {
    api()
      .post(PIPELINES, [
        { name: "Sales", sort: 10, ...NEW_PIPELINE, request_id: "0" },
        { name: "Support", sort: 20, ...NEW_PIPELINE, _embedded: { statuses: [{ id: 143, name: "Dropped" }] }, request_id: "1" },
      ])
      // The answer need not follow the request's order: request_id says which is which.
      .reply(
        200,
        created(
          livePipeline({ id: B, name: "Support", sort: 20, request_id: "1" }, fresh(B, undefined, "Dropped")),
          livePipeline({ id: A, name: "Sales", sort: 10, request_id: "0" }, fresh(A)),
        ),
        HAL,
      );
    const [sales, support] = await Promise.all([
      pipeline.create({ name: "Sales", sort: 10 }),
      pipeline.create({ name: "Support", sort: 20, lostStatusName: "Dropped" }),
    ]);
    expect(sales.id).toBe(String(A));
    expect(sales.outs).toMatchObject({ name: "Sales", pipelineId: A, incomingStatusId: incomingOf(A), lostStatusLiveName: "Closed - lost" });
    expect(support.id).toBe(String(B));
    expect(support.outs).toMatchObject({ name: "Support", pipelineId: B, incomingStatusId: incomingOf(B), lostStatusLiveName: "Dropped" });
  });

  test("a validation error on one pipeline fails only that create, naming it; the others are sent again and succeed", async () => {
    api()
      .post(PIPELINES, [
        { name: "North", sort: 10, ...NEW_PIPELINE, request_id: "0" },
        { name: "South", sort: 20, ...NEW_PIPELINE, request_id: "1" },
        { name: "West", sort: 30, ...NEW_PIPELINE, request_id: "2" },
      ])
      .reply(
        400,
        problem("Request validation failed", [{ request_id: "1", errors: [{ code: "InvalidType", path: "name", detail: "name is too long" }] }]),
        PROBLEM,
      );
    api()
      .post(PIPELINES, [
        { name: "North", sort: 10, ...NEW_PIPELINE, request_id: "0" },
        { name: "West", sort: 30, ...NEW_PIPELINE, request_id: "1" },
      ])
      .reply(
        200,
        created(
          livePipeline({ id: A, name: "North", sort: 10, request_id: "0" }, fresh(A)),
          livePipeline({ id: B, name: "West", sort: 30, request_id: "1" }, fresh(B)),
        ),
        HAL,
      );
    const [north, south, west] = await Promise.allSettled([
      pipeline.create({ name: "North", sort: 10 }),
      pipeline.create({ name: "South", sort: 20 }),
      pipeline.create({ name: "West", sort: 30 }),
    ]);
    expect(north).toMatchObject({ status: "fulfilled", value: { id: String(A) } });
    expect(west).toMatchObject({ status: "fulfilled", value: { id: String(B) } });
    expect(south.status).toBe("rejected");
    const e = (south as PromiseRejectedResult).reason as Error & { kind?: string };
    expect(e.kind).toBe("validation");
    expect(e.message).toContain('create pipeline "South"');
    expect(e.message).toMatch(/name: name is too long \[InvalidType\]/);
    expect(e.message).not.toMatch(/North|West/);
  });

  test("a failure of the whole batch fails every create, each naming its own pipeline", async () => {
    api().post(PIPELINES).reply(402, problem("Payment required"), PROBLEM);
    const results = await Promise.allSettled([pipeline.create({ name: "East", sort: 10 }), pipeline.create({ name: "Central", sort: 20 })]);
    const messages = results.map((r) => ((r as PromiseRejectedResult).reason as Error).message);
    expect(messages[0]).toContain('create pipeline "East"');
    expect(messages[0]).not.toContain("Central");
    expect(messages[1]).toContain('create pipeline "Central"');
    expect(messages[1]).not.toContain("East");
  });
});

describe("status creates: partial failure inside a batch", () => {
  const P = 7900011;

  test("the items a validation error names fail alone, each with its own message; the rest are placed again and succeed", async () => {
    withDescriptions(P).reply(200, statusList(fresh(P)), HAL);
    api()
      .post(statusesOf(P), [
        { name: "A", sort: 20, request_id: "0" },
        { name: "B", sort: 30, request_id: "1" },
        { name: "C", sort: 40, request_id: "2" },
      ])
      .reply(
        400,
        problem("Request validation failed", [
          { request_id: "0", errors: [{ code: "InvalidType", path: "name", detail: "A is taken" }] },
          { request_id: "2", errors: [{ code: "NotSupportedChoice", path: "color", detail: "C has no color" }] },
        ]),
        PROBLEM,
      );
    // The refused request created nothing; the pipeline is read again, since the POST dropped the shared read.
    withDescriptions(P).reply(200, statusList(fresh(P)), HAL);
    api()
      .post(statusesOf(P), [{ name: "B", sort: 20, request_id: "0" }])
      .reply(200, statusList([liveStatus(P, { id: 79000112, name: "B", sort: 20, request_id: "0" })]), HAL);
    const [a, b, c] = await Promise.allSettled([
      status.create({ pipelineId: P, name: "A", sort: 10 }),
      status.create({ pipelineId: P, name: "B", sort: 20 }),
      status.create({ pipelineId: P, name: "C", sort: 30 }),
    ]);
    expect(b).toMatchObject({ status: "fulfilled", value: { id: "79000112", outs: { sort: 20, assignedSort: 20 } } });
    const [ma, mc] = [a, c].map((r) => ((r as PromiseRejectedResult).reason as Error).message);
    expect(ma).toContain(`status "A" in pipeline ${P}`);
    expect(ma).toContain("A is taken");
    expect(ma).not.toMatch(/C has no color|"B"|"C"/);
    expect(mc).toContain(`status "C" in pipeline ${P}`);
    expect(mc).toContain("C has no color");
    expect(mc).not.toMatch(/A is taken|"A"|"B"/);
  });
});

describe("status creates: a pipeline that is gone", () => {
  const P = 7900012;

  test("every create of the batch fails, saying the pipeline does not exist and what to do, and nothing is POSTed", async () => {
    withDescriptions(P).reply(404, problem("Not found"), PROBLEM);
    const results = await Promise.allSettled([
      status.create({ pipelineId: P, name: "A", sort: 10 }),
      status.create({ pipelineId: P, name: "B", sort: 20 }),
    ]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect(((r as PromiseRejectedResult).reason as Error).message).toMatch(new RegExp(`pipeline ${P} does not exist[\\s\\S]*pulumi refresh`));
    }
  });
});

describe("reads are coalesced", () => {
  const P1 = 7900021;
  const P2 = 7900022;
  const P3 = 7900023;
  const pipelines = () =>
    listOf(
      livePipeline({ id: P1, name: "One", sort: 10 }, fresh(P1)),
      livePipeline({ id: P2, name: "Two (renamed)", sort: 20 }, fresh(P2)),
      livePipeline({ id: P3, name: "Three", sort: 30, is_main: true }, fresh(P3)),
    );
  const described = (p: number, id: number, name: string, sort: number, description: string): LiveStatus =>
    liveStatus(p, { id, name, sort, descriptions: [{ id: id * 10, level: "newbie", description }] });
  const p1Statuses = () =>
    statusList([
      ...fresh(P1),
      described(P1, 79000211, "New", 20, "one"),
      described(P1, 79000212, "Qualified", 30, "two"),
      described(P1, 79000213, "Won big", 40, "three"),
    ]);
  const p2Statuses = () => statusList([...fresh(P2), described(P2, 79000221, "Open", 20, "four"), described(P2, 79000222, "Closed", 30, "five")]);
  const statusReads = () =>
    Promise.all([
      status.read("79000211", statusState(P1, 79000211, "New", 10)),
      status.read("79000221", statusState(P2, 79000221, "Open", 10)),
      status.read("79000212", statusState(P1, 79000212, "Qualified", 20)),
      status.read("79000222", statusState(P2, 79000222, "Closed", 20)),
      status.read("79000213", statusState(P1, 79000213, "Won big", 30)),
    ]);

  test("reads of 3 pipelines make exactly ONE GET of the pipeline list", async () => {
    const list = counted(pipelines);
    api().get(PIPELINES).reply(200, list.reply, HAL);
    const reads = await Promise.all([
      pipeline.read(String(P1), pipelineState(P1, "One", 10)),
      pipeline.read(String(P2), pipelineState(P2, "Two", 20)),
      pipeline.read(String(P3), pipelineState(P3, "Three", 30)),
    ]);
    expect(list.hits.n).toBe(1);
    expect(reads.map((r) => r.id)).toEqual([String(P1), String(P2), String(P3)]);
    expect(reads.map((r) => r.inputs?.name)).toEqual(["One", "Two (renamed)", "Three"]);
    expect(reads[2].inputs).toMatchObject({ isMain: true });
    // Statuses come embedded in the list: the incoming status is known without another request.
    expect(reads.map((r) => r.props?.incomingStatusId)).toEqual([incomingOf(P1), incomingOf(P2), incomingOf(P3)]);
  });

  test("reads of 5 statuses over 2 pipelines make exactly 2 GETs, one per pipeline, descriptions included", async () => {
    const one = counted(p1Statuses);
    const two = counted(p2Statuses);
    withDescriptions(P1).reply(200, one.reply, HAL);
    withDescriptions(P2).reply(200, two.reply, HAL);
    const reads = await statusReads();
    expect([one.hits.n, two.hits.n]).toEqual([1, 1]);
    expect(reads.map((r) => r.id)).toEqual(["79000211", "79000221", "79000212", "79000222", "79000213"]);
    expect(reads.map((r) => r.inputs?.descriptions?.[0]?.description)).toEqual(["one", "four", "two", "five", "three"]);
    expect(reads.map((r) => r.props?.assignedSort)).toEqual([20, 20, 30, 30, 40]);
  });

  test("a whole refresh costs 1 + (pipelines) requests", async () => {
    api().get(PIPELINES).reply(200, pipelines, HAL);
    withDescriptions(P1).reply(200, p1Statuses, HAL);
    withDescriptions(P2).reply(200, p2Statuses, HAL);
    const [pipelineReads, statusReadsDone] = await Promise.all([
      Promise.all([pipeline.read(String(P1), pipelineState(P1, "One", 10)), pipeline.read(String(P2), pipelineState(P2, "Two", 20))]),
      statusReads(),
    ]);
    expect(pipelineReads.every((r) => r.id)).toBe(true);
    expect(statusReadsDone.every((r) => r.id)).toBe(true);
  });

  test("a status missing from its pipeline's list is gone, and so is every status of a pipeline that is gone", async () => {
    withDescriptions(P1).reply(200, statusList(fresh(P1)), HAL);
    withDescriptions(P2).reply(404, problem("Not found"), PROBLEM);
    const reads = await statusReads();
    expect(reads.map((r) => r.id ?? "gone")).toEqual(["gone", "gone", "gone", "gone", "gone"]);
  });

  test(`a completed read is reused for ${READ_REUSE_MS} ms, then asked again`, async () => {
    const list = counted(pipelines);
    api().get(PIPELINES).times(2).reply(200, list.reply, HAL);
    let clock = 1_000_000;
    const now = jest.spyOn(Date, "now").mockImplementation(() => clock);
    try {
      await pipeline.read(String(P1), pipelineState(P1, "One", 10));
      clock += READ_REUSE_MS - 1;
      expect((await pipeline.read(String(P2), pipelineState(P2, "Two", 20))).id).toBe(String(P2));
      expect(list.hits.n).toBe(1);
      clock += 1;
      expect((await pipeline.read(String(P3), pipelineState(P3, "Three", 30))).id).toBe(String(P3));
      expect(list.hits.n).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  test("a failed read is not reused: the next read asks again", async () => {
    api().get(PIPELINES).reply(403, problem("Forbidden"), PROBLEM);
    api().get(PIPELINES).reply(200, pipelines, HAL);
    const e = await rejection(pipeline.read(String(P1), pipelineState(P1, "One", 10)));
    expect(e.kind).toBe("forbidden");
    expect((await pipeline.read(String(P1), pipelineState(P1, "One", 10))).id).toBe(String(P1));
  });
});

describe("a write through the process drops the reads it could have changed", () => {
  const P = 7900031;
  const Q = 7900032;
  const S = 79000311;
  const T = 79000321;

  test("a read after a pipeline update asks again, and sees the update", async () => {
    api().get(PIPELINES).reply(200, listOf(livePipeline({ id: P, name: "Sales", sort: 10 }, fresh(P))), HAL);
    api().patch(`${PIPELINES}/${P}`, { name: "Sales EU" }).reply(200, livePipeline({ id: P, name: "Sales EU", sort: 10 }), HAL);
    api().get(PIPELINES).reply(200, listOf(livePipeline({ id: P, name: "Sales EU", sort: 10 }, fresh(P))), HAL);
    const before = pipelineState(P, "Sales", 10);
    expect((await pipeline.read(String(P), before)).inputs?.name).toBe("Sales");
    await pipeline.update(String(P), before, { name: "Sales EU", sort: 10 });
    expect((await pipeline.read(String(P), before)).inputs?.name).toBe("Sales EU");
  });

  test("a read after a status update asks again for that pipeline only", async () => {
    withDescriptions(P).reply(200, statusList([...fresh(P), liveStatus(P, { id: S, name: "New", sort: 20, descriptions: [] })]), HAL);
    withDescriptions(Q).reply(200, statusList([...fresh(Q), liveStatus(Q, { id: T, name: "Open", sort: 20, descriptions: [] })]), HAL);
    api().patch(`${statusesOf(P)}/${S}`, { name: "Fresh" }).reply(200, liveStatus(P, { id: S, name: "Fresh", sort: 20 }), HAL);
    withDescriptions(P).reply(200, statusList([...fresh(P), liveStatus(P, { id: S, name: "Fresh", sort: 20, descriptions: [] })]), HAL);
    const s = statusState(P, S, "New", 10);
    const t = statusState(Q, T, "Open", 10);
    await Promise.all([status.read(String(S), s), status.read(String(T), t)]);
    await status.update(String(S), s, { pipelineId: P, name: "Fresh", sort: 10, descriptions: [] });
    expect((await status.read(String(S), s)).inputs?.name).toBe("Fresh");
    // Pipeline Q was not written to: its list is still good, and no request is made for it.
    expect((await status.read(String(T), t)).inputs?.name).toBe("Open");
  });

  test("placement reuses a fresh read; the create's POST drops it, so the next read asks again", async () => {
    withDescriptions(P).reply(200, statusList([...fresh(P), liveStatus(P, { id: S, name: "New", sort: 20, descriptions: [] })]), HAL);
    api()
      .post(statusesOf(P), [{ name: "Later", sort: 30, request_id: "0" }])
      .reply(200, statusList([liveStatus(P, { id: S + 1, name: "Later", sort: 30, request_id: "0" })]), HAL);
    withDescriptions(P).reply(
      200,
      statusList([...fresh(P), liveStatus(P, { id: S, name: "New", sort: 20, descriptions: [] }), liveStatus(P, { id: S + 1, name: "Later", sort: 30, descriptions: [] })]),
      HAL,
    );
    const s = statusState(P, S, "New", 10);
    await status.read(String(S), s);
    const later = await status.create({ pipelineId: P, name: "Later", sort: 20 });
    expect(later.outs).toMatchObject({ statusId: S + 1, assignedSort: 30 });
    expect((await status.read(String(S + 1), statusState(P, S + 1, "Later", 20))).id).toBe(String(S + 1));
  });

  test("a read after a status delete asks again", async () => {
    withDescriptions(P).reply(200, statusList([...fresh(P), liveStatus(P, { id: S, name: "New", sort: 20, descriptions: [] })]), HAL);
    // Before a delete, one look at the pipeline's leads (none here: Kommo answers 204).
    api().get("/api/v4/leads").query({ "filter[pipeline_id]": String(P), limit: "250" }).reply(204);
    api().delete(`${statusesOf(P)}/${S + 2}`).reply(204);
    withDescriptions(P).reply(200, statusList(fresh(P)), HAL);
    const s = statusState(P, S, "New", 10);
    expect((await status.read(String(S), s)).id).toBe(String(S));
    await status.delete(String(S + 2), statusState(P, S + 2, "Other", 20));
    expect((await status.read(String(S), s)).id).toBeFalsy();
  });
});

describe("statuses of a pipeline this process just created are placed without reading it", () => {
  const C = 7900041;
  const D = 7900042;

  const createPipeline = async (id: number, name: string) => {
    api()
      .post(PIPELINES, [{ name, sort: 10, ...NEW_PIPELINE, request_id: "0" }])
      .reply(200, created(livePipeline({ id, name, sort: 10, request_id: "0" }, fresh(id))), HAL);
    return pipeline.create({ name, sort: 10 });
  };
  const answer = (p: number, list: { id: number; name: string; sort: number; request_id: string }[]) =>
    statusList(list.map((s) => liveStatus(p, s)));

  test("statuses created right after their pipeline go out as ONE POST with no GET before it", async () => {
    await createPipeline(C, "Fresh");
    // Placed from the POST's answer: after the incoming status (10), spread in declared order.
    api()
      .post(statusesOf(C), [
        { name: "Qualified", sort: 30, request_id: "0" },
        { name: "New", sort: 20, request_id: "1" },
        { name: "Proposal", sort: 40, request_id: "2" },
      ])
      .reply(
        200,
        answer(C, [
          { id: 79000412, name: "Qualified", sort: 30, request_id: "0" },
          { id: 79000411, name: "New", sort: 20, request_id: "1" },
          { id: 79000413, name: "Proposal", sort: 40, request_id: "2" },
        ]),
        HAL,
      );
    const firstRound = await Promise.all([
      status.create({ pipelineId: C, name: "Qualified", sort: 20 }),
      status.create({ pipelineId: C, name: "New", sort: 10 }),
      status.create({ pipelineId: C, name: "Proposal", sort: 30 }),
    ]);
    expect(firstRound.map((r) => r.id)).toEqual(["79000412", "79000411", "79000413"]);

    // Those went into a pipeline with no regular status, so nothing was renumbered: still known, still no GET.
    api()
      .post(statusesOf(C), [{ name: "Contract", sort: 50, request_id: "0" }])
      .reply(200, answer(C, [{ id: 79000414, name: "Contract", sort: 50, request_id: "0" }]), HAL);
    expect((await status.create({ pipelineId: C, name: "Contract", sort: 40 })).outs).toMatchObject({ assignedSort: 50 });

    // Added among regular statuses, Kommo may have renumbered them: from here on the pipeline is read first.
    withDescriptions(C).reply(
      200,
      statusList([
        ...fresh(C),
        liveStatus(C, { id: 79000411, name: "New", sort: 20 }),
        liveStatus(C, { id: 79000412, name: "Qualified", sort: 30 }),
        liveStatus(C, { id: 79000413, name: "Proposal", sort: 40 }),
        liveStatus(C, { id: 79000414, name: "Contract", sort: 50 }),
      ]),
      HAL,
    );
    api()
      .post(statusesOf(C), [{ name: "Signed", sort: 60, request_id: "0" }])
      .reply(200, answer(C, [{ id: 79000415, name: "Signed", sort: 60, request_id: "0" }]), HAL);
    expect((await status.create({ pipelineId: C, name: "Signed", sort: 50 })).outs).toMatchObject({ assignedSort: 60 });
  });

  test("creating another pipeline afterwards does not make the process forget the first one's statuses", async () => {
    await createPipeline(C, "First");
    await createPipeline(D, "Second");
    api()
      .post(statusesOf(C), [{ name: "New", sort: 20, request_id: "0" }])
      .reply(200, answer(C, [{ id: 79000421, name: "New", sort: 20, request_id: "0" }]), HAL);
    expect((await status.create({ pipelineId: C, name: "New", sort: 10 })).id).toBe("79000421");
  });

  test("after the pipeline is updated, its statuses are read before placing", async () => {
    await createPipeline(C, "Fresh");
    api().patch(`${PIPELINES}/${C}`, { is_unsorted_on: false }).reply(200, livePipeline({ id: C, name: "Fresh", sort: 10, is_unsorted_on: false }), HAL);
    await pipeline.update(String(C), pipelineState(C, "Fresh", 10), { name: "Fresh", sort: 10, isUnsortedOn: false });
    withDescriptions(C).reply(200, statusList(systemStatuses(C, incomingOf(C)).slice(1)), HAL);
    api()
      .post(statusesOf(C), [{ name: "New", sort: 20, request_id: "0" }])
      .reply(200, answer(C, [{ id: 79000431, name: "New", sort: 20, request_id: "0" }]), HAL);
    expect((await status.create({ pipelineId: C, name: "New", sort: 10 })).id).toBe("79000431");
  });
});

describe("with KOMMO_BATCHING=off (the benchmark's baseline)", () => {
  const off = <T>(work: () => Promise<T>) => withEnv({ KOMMO_BATCHING: "off" }, work);
  const G = 7900051;
  const H = 7900052;

  test("creates go one per POST, and statuses are placed from a fresh read each time", async () => {
    api()
      .post(PIPELINES, [{ name: "Sales", sort: 10, ...NEW_PIPELINE, request_id: "0" }])
      .reply(200, created(livePipeline({ id: G, name: "Sales", sort: 10, request_id: "0" }, fresh(G))), HAL);
    api()
      .post(PIPELINES, [{ name: "Support", sort: 20, ...NEW_PIPELINE, request_id: "0" }])
      .reply(200, created(livePipeline({ id: H, name: "Support", sort: 20, request_id: "0" }, fresh(H))), HAL);
    const pipelinesMade = await off(() => Promise.all([pipeline.create({ name: "Sales", sort: 10 }), pipeline.create({ name: "Support", sort: 20 })]));
    expect(pipelinesMade.map((r) => r.id)).toEqual([String(G), String(H)]);

    // Even right after creating the pipeline: nothing is known without reading, and each status is its own POST.
    withDescriptions(G).reply(200, statusList(fresh(G)), HAL);
    api()
      .post(statusesOf(G), [{ name: "New", sort: 20, request_id: "0" }])
      .reply(200, statusList([liveStatus(G, { id: 79000511, name: "New", sort: 20, request_id: "0" })]), HAL);
    withDescriptions(G).reply(200, statusList([...fresh(G), liveStatus(G, { id: 79000511, name: "New", sort: 20 })]), HAL);
    api()
      .post(statusesOf(G), [{ name: "Qualified", sort: 30, request_id: "0" }])
      .reply(200, statusList([liveStatus(G, { id: 79000512, name: "Qualified", sort: 30, request_id: "0" })]), HAL);
    const statusesMade = await off(() =>
      Promise.all([status.create({ pipelineId: G, name: "New", sort: 10 }), status.create({ pipelineId: G, name: "Qualified", sort: 20 })]),
    );
    expect(statusesMade.map((r) => r.id)).toEqual(["79000511", "79000512"]);
  });

  test("reads use the single-object GETs, one per read", async () => {
    api().get(`${PIPELINES}/${G}`).times(2).reply(200, livePipeline({ id: G, name: "Sales", sort: 10 }, fresh(G)), HAL);
    api().get(`${PIPELINES}/${H}`).reply(200, livePipeline({ id: H, name: "Support", sort: 20 }, fresh(H)), HAL);
    for (const id of [79000511, 79000512]) {
      api()
        .get(`${statusesOf(G)}/${id}`)
        .query({ with: "descriptions" })
        .reply(200, liveStatus(G, { id, name: `s${id}`, sort: 20, descriptions: [] }), HAL);
    }
    const reads = await off(() =>
      Promise.all([
        pipeline.read(String(G), pipelineState(G, "Sales", 10)),
        pipeline.read(String(G), pipelineState(G, "Sales", 10)),
        pipeline.read(String(H), pipelineState(H, "Support", 20)),
        status.read("79000511", statusState(G, 79000511, "New", 10)),
        status.read("79000512", statusState(G, 79000512, "Qualified", 20)),
      ]),
    );
    expect(reads.map((r) => r.id)).toEqual([String(G), String(G), String(H), "79000511", "79000512"]);
  });
});

describe(`a batch holds at most ${MAX_BATCH} items`, () => {
  const P = 7900061;
  let nextId = 79000600;
  const ofSize = (size: number) => (body: unknown) => items(body).length === size;

  test(`${MAX_BATCH + 1} status creates in one pipeline: 2 POSTs, of ${MAX_BATCH} and 1`, async () => {
    const sent: Record<string, any>[][] = [];
    const echoStatuses = (_uri: string, body: unknown) => {
      sent.push(items(body));
      return statusList(items(body).map((s) => liveStatus(P, { id: nextId++, name: s.name, sort: s.sort, request_id: s.request_id })));
    };
    withDescriptions(P).reply(200, statusList(fresh(P)), HAL);
    api().post(statusesOf(P), ofSize(MAX_BATCH)).reply(200, echoStatuses, HAL);
    withDescriptions(P).reply(200, () => statusList([...fresh(P), ...sent[0].map((s, i) => liveStatus(P, { id: 79000600 + i, name: s.name, sort: s.sort }))]), HAL);
    api().post(statusesOf(P), ofSize(1)).reply(200, echoStatuses, HAL);

    const results = await Promise.all(Array.from({ length: MAX_BATCH + 1 }, (_, i) => status.create({ pipelineId: P, name: `S${i}`, sort: 10 * (i + 1) })));
    expect(sent.map((b) => b.length)).toEqual([MAX_BATCH, 1]);
    expect(sent[0].map((s) => s.request_id)).toEqual(Array.from({ length: MAX_BATCH }, (_, i) => String(i)));
    // The first batch is placed in declared order, and the last status after all of them.
    const firstSorts = sent[0].map((s) => s.sort as number);
    expect([...firstSorts].sort((a, b) => a - b)).toEqual(firstSorts);
    expect(sent[1][0]).toMatchObject({ name: `S${MAX_BATCH}`, request_id: "0" });
    expect(sent[1][0].sort).toBeGreaterThan(firstSorts[MAX_BATCH - 1]);
    expect(results.map((r) => r.outs?.name)).toEqual(Array.from({ length: MAX_BATCH + 1 }, (_, i) => `S${i}`));
    expect(new Set(results.map((r) => r.id)).size).toBe(MAX_BATCH + 1);
  });

  test(`${MAX_BATCH + 1} pipeline creates: 2 POSTs, of ${MAX_BATCH} and 1`, async () => {
    let id = 7910000;
    const sizes: number[] = [];
    const echoPipelines = (_uri: string, body: unknown) => {
      sizes.push(items(body).length);
      return created(...items(body).map((p) => ((id += 1), livePipeline({ id, name: p.name, sort: p.sort, request_id: p.request_id }, fresh(id)))));
    };
    api().post(PIPELINES, ofSize(MAX_BATCH)).reply(200, echoPipelines, HAL);
    api().post(PIPELINES, ofSize(1)).reply(200, echoPipelines, HAL);
    const results = await Promise.all(Array.from({ length: MAX_BATCH + 1 }, (_, i) => pipeline.create({ name: `Pipeline ${i}`, sort: i })));
    expect(sizes).toEqual([MAX_BATCH, 1]);
    expect(results.map((r) => r.outs?.name)).toEqual(Array.from({ length: MAX_BATCH + 1 }, (_, i) => `Pipeline ${i}`));
    expect(new Set(results.map((r) => r.id)).size).toBe(MAX_BATCH + 1);
  });
});
