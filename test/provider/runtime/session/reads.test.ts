import * as E from "fp-ts/Either";
import { createClient, type KommoClient, type Pipeline, type Status } from "../../../../provider/client";
import { pipeline, status } from "../../../../provider/runtime";
import { READ_REUSE_MS, ReadCache } from "../../../../provider/runtime/session/reads";
import type { PipelineOutputs, StatusOutputs } from "../../../../provider/runtime/types";
import {
  ACCOUNT,
  BASE,
  HAL,
  PROBLEM,
  TOKEN,
  api,
  livePipeline,
  liveStatus,
  noLeadsIn,
  problem,
  rejection,
  statusList,
  systemStatuses,
  type LiveStatus,
} from "../../support";
import { counted, useRuntime, withBatchingOff } from "../support";

/**
 * Coalesced reads, counted request by request: a refresh costs 1 + (pipelines that need their statuses read)
 * requests, and a write through the session drops exactly the reads it could have changed.
 */

useRuntime();

const PIPELINES = "/api/v4/leads/pipelines";
const statusesOf = (p: number) => `${PIPELINES}/${p}/statuses`;
/** Kept apart from the ids the tests give regular statuses (79xxxxxx). */
const incomingOf = (p: number) => p + 50_000_000;
const fresh = (p: number) => systemStatuses(p, incomingOf(p));
const listOf = (...pipelines: ReturnType<typeof livePipeline>[]) => ({
  _total_items: pipelines.length,
  _embedded: { pipelines },
});
const withDescriptions = (p: number) => api().get(statusesOf(p)).query({ with: "descriptions" });

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
  assignedSort: sort,
  statusIds: {},
  liveStatuses: [],
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
  const p2Statuses = () =>
    statusList([
      ...fresh(P2),
      described(P2, 79000221, "Open", 20, "four"),
      described(P2, 79000222, "Closed", 30, "five"),
    ]);
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
    expect(reads[2]?.inputs).toMatchObject({ isMain: true });
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

  test("a whole refresh costs 1 + (pipelines with statuses) requests", async () => {
    api().get(PIPELINES).reply(200, pipelines, HAL);
    withDescriptions(P1).reply(200, p1Statuses, HAL);
    withDescriptions(P2).reply(200, p2Statuses, HAL);
    const [pipelineReads, statusReadsDone] = await Promise.all([
      Promise.all([
        pipeline.read(String(P1), pipelineState(P1, "One", 10)),
        pipeline.read(String(P2), pipelineState(P2, "Two", 20)),
      ]),
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

  test("a failed read is not reused: the next read asks again", async () => {
    api().get(PIPELINES).reply(403, problem("Forbidden"), PROBLEM);
    api().get(PIPELINES).reply(200, pipelines, HAL);
    const e = await rejection(pipeline.read(String(P1), pipelineState(P1, "One", 10)));
    expect(e.kind).toBe("forbidden");
    expect((await pipeline.read(String(P1), pipelineState(P1, "One", 10))).id).toBe(String(P1));
  });

  test("with KOMMO_BATCHING=off, reads use the single-object GETs, one per read, and share nothing", async () => {
    const G = 7900051;
    api()
      .get(`${PIPELINES}/${G}`)
      .times(2)
      .reply(200, livePipeline({ id: G, name: "Sales", sort: 10 }, fresh(G)), HAL);
    for (const id of [79000511, 79000512]) {
      api()
        .get(`${statusesOf(G)}/${id}`)
        .query({ with: "descriptions" })
        .reply(200, liveStatus(G, { id, name: `s${id}`, sort: 20, descriptions: [] }), HAL);
    }
    const reads = await withBatchingOff(() =>
      Promise.all([
        pipeline.read(String(G), pipelineState(G, "Sales", 10)),
        pipeline.read(String(G), pipelineState(G, "Sales", 10)),
        status.read("79000511", statusState(G, 79000511, "New", 10)),
        status.read("79000512", statusState(G, 79000512, "Qualified", 20)),
      ]),
    );
    expect(reads.map((r) => r.id)).toEqual([String(G), String(G), "79000511", "79000512"]);
  });
});

describe("a write through the session drops the reads it could have changed", () => {
  const P = 7900031;
  const Q = 7900032;
  const S = 79000311;
  const T = 79000321;

  test("a read after a pipeline update asks again, and sees the update", async () => {
    api()
      .get(PIPELINES)
      .reply(200, listOf(livePipeline({ id: P, name: "Sales", sort: 10 }, fresh(P))), HAL);
    api()
      .patch(`${PIPELINES}/${P}`, { name: "Sales EU" })
      .reply(200, livePipeline({ id: P, name: "Sales EU", sort: 10 }), HAL);
    api()
      .get(PIPELINES)
      .reply(200, listOf(livePipeline({ id: P, name: "Sales EU", sort: 10 }, fresh(P))), HAL);
    const before = pipelineState(P, "Sales", 10);
    expect((await pipeline.read(String(P), before)).inputs?.name).toBe("Sales");
    await pipeline.update(String(P), before, { name: "Sales EU", sort: 10 });
    expect((await pipeline.read(String(P), before)).inputs?.name).toBe("Sales EU");
  });

  test("a rename of one pipeline keeps the statuses read of another; a new main pipeline drops every read", async () => {
    withDescriptions(Q).reply(
      200,
      statusList([...fresh(Q), liveStatus(Q, { id: T, name: "Open", sort: 20, descriptions: [] })]),
      HAL,
    );
    const t = statusState(Q, T, "Open", 10);
    await status.read(String(T), t);
    api()
      .patch(`${PIPELINES}/${P}`, { name: "Sales EU" })
      .reply(200, livePipeline({ id: P, name: "Sales EU", sort: 10 }), HAL);
    await pipeline.update(String(P), pipelineState(P, "Sales", 10), { name: "Sales EU", sort: 10 });
    // Pipeline Q was not written to: its list is still good, and no request is made for it.
    expect((await status.read(String(T), t)).id).toBe(String(T));
    api()
      .patch(`${PIPELINES}/${P}`, { is_main: true })
      .reply(200, livePipeline({ id: P, name: "Sales EU", sort: 10, is_main: true }), HAL);
    await pipeline.update(String(P), pipelineState(P, "Sales EU", 10), { name: "Sales EU", sort: 10, isMain: true });
    // Kommo demoted the old main pipeline, whichever it was: every reading may be stale.
    withDescriptions(Q).reply(
      200,
      statusList([...fresh(Q), liveStatus(Q, { id: T, name: "Open", sort: 20, descriptions: [] })]),
      HAL,
    );
    expect((await status.read(String(T), t)).id).toBe(String(T));
  });

  test("a read after a status update asks again for that pipeline only", async () => {
    withDescriptions(P).reply(
      200,
      statusList([...fresh(P), liveStatus(P, { id: S, name: "New", sort: 20, descriptions: [] })]),
      HAL,
    );
    withDescriptions(Q).reply(
      200,
      statusList([...fresh(Q), liveStatus(Q, { id: T, name: "Open", sort: 20, descriptions: [] })]),
      HAL,
    );
    api()
      .patch(`${statusesOf(P)}/${S}`, { name: "Fresh" })
      .reply(200, liveStatus(P, { id: S, name: "Fresh", sort: 20 }), HAL);
    withDescriptions(P).reply(
      200,
      statusList([...fresh(P), liveStatus(P, { id: S, name: "Fresh", sort: 20, descriptions: [] })]),
      HAL,
    );
    const s = statusState(P, S, "New", 10);
    const t = statusState(Q, T, "Open", 10);
    await Promise.all([status.read(String(S), s), status.read(String(T), t)]);
    await status.update(String(S), s, { pipelineId: P, name: "Fresh", sort: 10, descriptions: [] });
    expect((await status.read(String(S), s)).inputs?.name).toBe("Fresh");
    expect((await status.read(String(T), t)).inputs?.name).toBe("Open");
  });

  test("placement reuses a fresh read; the create's POST drops it, so the next read asks again", async () => {
    withDescriptions(P).reply(
      200,
      statusList([...fresh(P), liveStatus(P, { id: S, name: "New", sort: 20, descriptions: [] })]),
      HAL,
    );
    api()
      .post(statusesOf(P), [{ name: "Later", sort: 30, request_id: "0" }])
      .reply(200, statusList([liveStatus(P, { id: S + 1, name: "Later", sort: 30, request_id: "0" })]), HAL);
    // The order is checked from a reading of its own, never from a shared one: it is not kept for refresh's reads.
    withDescriptions(P).reply(
      200,
      statusList([
        ...fresh(P),
        liveStatus(P, { id: S, name: "New", sort: 20, descriptions: [] }),
        liveStatus(P, { id: S + 1, name: "Later", sort: 30, descriptions: [] }),
      ]),
      HAL,
    );
    withDescriptions(P).reply(
      200,
      statusList([
        ...fresh(P),
        liveStatus(P, { id: S, name: "New", sort: 20, descriptions: [] }),
        liveStatus(P, { id: S + 1, name: "Later", sort: 30, descriptions: [] }),
      ]),
      HAL,
    );
    const s = statusState(P, S, "New", 10);
    await status.read(String(S), s);
    const later = await status.create({ pipelineId: P, name: "Later", sort: 20 });
    expect(later.outs).toMatchObject({ statusId: S + 1, assignedSort: 30 });
    expect((await status.read(String(S + 1), statusState(P, S + 1, "Later", 20))).id).toBe(String(S + 1));
  });

  test("a read after a status delete asks again", async () => {
    withDescriptions(P).reply(
      200,
      statusList([...fresh(P), liveStatus(P, { id: S, name: "New", sort: 20, descriptions: [] })]),
      HAL,
    );
    // Before a delete, one look at the pipeline's leads (none here: Kommo answers 204).
    api()
      .get("/api/v4/leads")
      .query({ "filter[pipeline_id]": String(P), limit: "250" })
      .reply(204);
    api()
      .delete(`${statusesOf(P)}/${S + 2}`)
      .reply(204);
    withDescriptions(P).reply(200, statusList(fresh(P)), HAL);
    const s = statusState(P, S, "New", 10);
    expect((await status.read(String(S), s)).id).toBe(String(S));
    await status.delete(String(S + 2), statusState(P, S + 2, "Other", 20));
    expect((await status.read(String(S), s)).id).toBeFalsy();
  });

  test("a read after a pipeline delete asks again", async () => {
    api()
      .get(PIPELINES)
      .reply(200, listOf(livePipeline({ id: P, name: "Sales", sort: 10 }, fresh(P))), HAL);
    noLeadsIn(P);
    api().delete(`${PIPELINES}/${P}`).reply(204);
    api().get(PIPELINES).reply(200, listOf(), HAL);
    const before = pipelineState(P, "Sales", 10);
    expect((await pipeline.read(String(P), before)).id).toBe(String(P));
    await pipeline.delete(String(P), before);
    expect((await pipeline.read(String(P), before)).id).toBeFalsy();
  });
});

describe("ReadCache", () => {
  const P = 7900091;
  const client = (): KommoClient => {
    const built = createClient({ address: { baseUrl: BASE }, accessToken: TOKEN, rateLimit: 0 });
    if (E.isLeft(built)) throw new Error(built.left);
    return built.right;
  };
  const list = () => listOf(livePipeline({ id: P, name: "Sales", sort: 10 }, fresh(P)));

  test(`a completed read is reused for ${READ_REUSE_MS} ms after it settled, then asked again`, async () => {
    let clock = 1_000_000;
    const reads = new ReadCache(client(), true, () => clock);
    const hits = counted(list);
    api().get(PIPELINES).times(2).reply(200, hits.reply, HAL);
    await reads.pipelines();
    clock += READ_REUSE_MS - 1;
    await reads.pipelines();
    expect(hits.hits.n).toBe(1);
    clock += 1;
    await reads.pipelines();
    expect(hits.hits.n).toBe(2);
  });

  test("reads in flight are shared, whatever the clock says", async () => {
    const reads = new ReadCache(client(), true, () => 0);
    const hits = counted(list);
    api().get(PIPELINES).reply(200, hits.reply, HAL);
    const [a, b] = await Promise.all([reads.pipelines(), reads.pipelines()]);
    expect(a).toBe(b);
    expect(hits.hits.n).toBe(1);
  });

  test("without coalescing every read asks, and nothing is vouched for unread", async () => {
    const reads = new ReadCache(client(), false);
    api().get(PIPELINES).times(2).reply(200, list, HAL);
    await reads.pipelines();
    await reads.pipelines();
    const statuses: Status[] = fresh(P);
    reads.setExact(P, statuses);
    expect(reads.exactStatuses(P)).toBeUndefined();
  });

  test("the pipelines seen before a create: what was read, grown by each pipeline created, which joins the reading", async () => {
    const reads = new ReadCache(client(), true);
    api().get(PIPELINES).reply(200, list, HAL);
    expect([...reads.pipelinesSeen()]).toEqual([]);
    await reads.pipelines();
    expect([...reads.pipelinesSeen()]).toEqual([P]);
    const made = { ...(list()._embedded.pipelines[0] as Pipeline), id: P + 1 };
    reads.created([made]);
    expect([...reads.pipelinesSeen()].sort()).toEqual([P, P + 1]);
    // No second GET is mocked: the reading now holds the new pipeline too.
    expect((await reads.pipelines()).map((p) => p.id)).toEqual([P, P + 1]);
  });

  test("statuses known exactly stay known through a write that keeps them, and go with any other write", () => {
    const reads = new ReadCache(client(), true);
    const statuses: Status[] = fresh(P);
    reads.setExact(P, statuses);
    reads.setExact(P + 1, statuses);
    reads.invalidate(P, true);
    expect(reads.exactStatuses(P)).toEqual(statuses);
    reads.invalidate(P);
    expect(reads.exactStatuses(P)).toBeUndefined();
    expect(reads.exactStatuses(P + 1)).toEqual(statuses);
    reads.invalidate();
    expect(reads.exactStatuses(P + 1)).toBeUndefined();
  });
});
