import { configure, pipeline, status } from "../../../provider/runtime";
import { resetViews } from "../../../provider/runtime/views";
import {
  HAL,
  TEST_CONFIG,
  api,
  configRequest,
  isolateKommoEnv,
  livePipeline,
  liveStatus,
  rejection,
  statusList,
  systemStatuses,
  useNock,
} from "../support";

useNock();
isolateKommoEnv();
beforeEach(async () => {
  resetViews();
  await configure(configRequest(TEST_CONFIG));
});

const PIPELINES = "/api/v4/leads/pipelines";
const list = (...pipelines: object[]) => ({ _total_items: pipelines.length, _embedded: { pipelines } });
const legacy = (id: number, name: string, extra: object = {}) =>
  livePipeline({ id, name, sort: 5, is_main: false, is_unsorted_on: true, ...extra }, systemStatuses(id, id * 10 + 1, "Won it"));

describe("adopting a pipeline", () => {
  test("by name: found, brought to the declared values with one PATCH of what differs, and recorded", async () => {
    api().get(PIPELINES).reply(200, list(legacy(8100001, "Legacy sales")), HAL);
    api()
      .patch(`${PIPELINES}/8100001`, { sort: 20 })
      .reply(200, livePipeline({ id: 8100001, name: "Legacy sales", sort: 20, is_main: false, is_unsorted_on: true }, []), HAL);
    const r = await pipeline.create({ adopt: { name: "Legacy sales" }, name: "Legacy sales", sort: 20, wonStatusName: "Won it" });
    expect(r.id).toBe("8100001");
    expect(r.outs).toMatchObject({ pipelineId: 8100001, sort: 20, wonStatusLiveName: "Won it", adopt: { name: "Legacy sales" } });
  });

  test("by id, already as declared: no write at all", async () => {
    api().get(PIPELINES).reply(200, list(legacy(8100002, "Support")), HAL);
    const r = await pipeline.create({ adopt: { id: 8100002 }, name: "Support", sort: 5 });
    expect(r.id).toBe("8100002");
  });

  test("a pipeline that does not exist is a clear error, and nothing is created", async () => {
    api().get(PIPELINES).reply(200, list(legacy(8100003, "Support")), HAL);
    const e = await rejection(pipeline.create({ adopt: { name: "Sales" }, name: "Sales", sort: 5 }));
    expect(e.message).toMatch(/adopt: there is no pipeline with name "Sales" on the account/);
  });

  test("two pipelines with the name: adopt by id, and the message gives the ids", async () => {
    api().get(PIPELINES).reply(200, list(legacy(8100004, "Twin"), legacy(8100008, "Twin")), HAL);
    const e = await rejection(pipeline.create({ adopt: { name: "Twin" }, name: "Twin", sort: 5 }));
    expect(e.message).toMatch(/2 pipelines are named "Twin".*ids 8100004, 8100008.*adopt: \{ id: 8100004 \}/);
  });

  test("two resources adopting one pipeline is refused", async () => {
    api().get(PIPELINES).reply(200, list(legacy(8100005, "Shared")), HAL);
    await pipeline.create({ adopt: { id: 8100005 }, name: "Shared", sort: 5 });
    const e = await rejection(pipeline.create({ adopt: { name: "Shared" }, name: "Shared again", sort: 5 }));
    expect(e.message).toMatch(/already managed by another resource of this stack/);
  });

  test("a pipeline the stack already manages cannot be adopted by another resource", async () => {
    await pipeline.diff("8100006", { pipelineId: 8100006, name: "Managed", sort: 1 } as never, { name: "Managed", sort: 1 });
    api().get(PIPELINES).reply(200, list(legacy(8100006, "Managed")), HAL);
    const e = await rejection(pipeline.create({ adopt: { id: 8100006 }, name: "Managed", sort: 1 }));
    expect(e.message).toMatch(/pipeline "Managed" \(8100006\) is already managed by another resource/);
  });

  test("a declared won name that differs from Kommo's cannot be adopted: Kommo sets it only at creation", async () => {
    api().get(PIPELINES).reply(200, list(legacy(8100007, "Legacy")), HAL);
    const e = await rejection(pipeline.create({ adopt: { id: 8100007 }, name: "Legacy", sort: 5, wonStatusName: "Closed" }));
    expect(e.message).toMatch(/wonStatusName: pipeline "Legacy" \(8100007\) calls its won status "Won it".*Set wonStatusName to "Won it"/);
  });

  test("check names a malformed adopt", async () => {
    const { failures } = await pipeline.check({}, { adopt: { id: 1, name: "x" } as never, name: "P", sort: 1 });
    expect(failures).toEqual([{ property: "adopt", reason: "must give exactly one of id and name" }]);
    const bad = await pipeline.check({}, { adopt: { id: -3 } as never, name: "P", sort: 1 });
    expect(bad.failures?.[0].property).toBe("adopt.id");
  });
});

describe("adopting a status", () => {
  const P = 8200001;
  const live = () =>
    statusList([
      ...systemStatuses(P, 82000011),
      liveStatus(P, { id: 82000021, name: "Qualified", sort: 20, color: "#fffeb2", descriptions: [] }),
      liveStatus(P, { id: 82000025, name: "Proposal", sort: 30, color: "#98cbff", descriptions: [] }),
    ]);
  const statuses = () => api().get(`${PIPELINES}/${P}/statuses`).query({ with: "descriptions" });

  test("by name in its pipeline: recolored and described with one PATCH, not moved when already in order", async () => {
    // One read finds the status and also serves the placement check: reads are shared until a write.
    statuses().reply(200, live(), HAL);
    api()
      .patch(`${PIPELINES}/${P}/statuses/82000025`, {
        color: "#87f2c0",
        descriptions: [{ level: "newbie", description: "Send within a day" }],
      })
      .reply(200, liveStatus(P, { id: 82000025, name: "Proposal", sort: 30, color: "#87f2c0" }), HAL);
    const r = await status.create({
      adopt: { name: "Proposal" },
      pipelineId: P,
      name: "Proposal",
      sort: 30,
      color: "#87f2c0",
      descriptions: [{ level: "newbie", description: "Send within a day" }],
    });
    expect(r.id).toBe("82000025");
    expect(r.outs).toMatchObject({ statusId: 82000025, color: "#87f2c0", assignedSort: 30 });
  });

  test("system statuses cannot be adopted", async () => {
    statuses().reply(200, live(), HAL);
    const e = await rejection(status.create({ adopt: { id: 142 }, pipelineId: P, name: "Won", sort: 10 }));
    expect(e.message).toMatch(/adopt: there is no status with id 142 in pipeline 8200001/);
  });
});
