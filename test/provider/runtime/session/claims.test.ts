import { pipeline, status } from "../../../../provider/runtime";
import { Claims } from "../../../../provider/runtime/session/claims";
import type { Pipeline, Status } from "../../../../provider/client";
import { HAL, api, livePipeline, liveStatus, noLeadsIn, rejection, statusList, systemStatuses } from "../../support";
import { useRuntime } from "../support";

/** Adoption takes an existing object under management; claims make sure no two resources of a stack manage one. */

useRuntime();

const PIPELINES = "/api/v4/leads/pipelines";
const list = (...pipelines: object[]) => ({ _total_items: pipelines.length, _embedded: { pipelines } });
const legacy = (id: number, name: string, extra: object = {}) =>
  livePipeline(
    { id, name, sort: 5, is_main: false, is_unsorted_on: true, ...extra },
    systemStatuses(id, id * 10 + 1, "Won it"),
  );

describe("adopting a pipeline", () => {
  test("by name: found, brought to the declared values with one PATCH of what differs, and recorded", async () => {
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100001, "Legacy sales")), HAL);
    api()
      .patch(`${PIPELINES}/8100001`, { sort: 20 })
      .reply(
        200,
        livePipeline({ id: 8100001, name: "Legacy sales", sort: 20, is_main: false, is_unsorted_on: true }, []),
        HAL,
      );
    const r = await pipeline.create({
      adopt: { name: "Legacy sales" },
      name: "Legacy sales",
      sort: 20,
      wonStatusName: "Won it",
    });
    expect(r.id).toBe("8100001");
    expect(r.outs).toMatchObject({
      pipelineId: 8100001,
      sort: 20,
      assignedSort: 20,
      wonStatusLiveName: "Won it",
      adopt: { name: "Legacy sales" },
    });
  });

  test("by id, already as declared: no write at all, and no create", async () => {
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100002, "Support")), HAL);
    const r = await pipeline.create({ adopt: { id: 8100002 }, name: "Support", sort: 5 });
    expect(r.id).toBe("8100002");
    // Kommo's choice of main pipeline is left alone when the program does not declare one.
    expect(r.outs).not.toHaveProperty("isMain");
  });

  test("a pipeline that does not exist is a clear error, and nothing is created", async () => {
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100003, "Support")), HAL);
    const e = await rejection(pipeline.create({ adopt: { name: "Sales" }, name: "Sales", sort: 5 }));
    expect(e.message).toMatch(/^adopt: there is no pipeline with name "Sales" on the account\. Check the name/);
  });

  test("two pipelines with the name: adopt by id, and the message gives the ids", async () => {
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100004, "Twin"), legacy(8100008, "Twin")), HAL);
    const e = await rejection(pipeline.create({ adopt: { name: "Twin" }, name: "Twin", sort: 5 }));
    expect(e.message).toMatch(/2 pipelines are named "Twin".*ids 8100004, 8100008.*adopt: \{ id: 8100004 \}/);
  });

  test("two resources adopting one pipeline is refused", async () => {
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100005, "Shared")), HAL);
    await pipeline.create({ adopt: { id: 8100005 }, name: "Shared", sort: 5 });
    const e = await rejection(pipeline.create({ adopt: { name: "Shared" }, name: "Shared again", sort: 5 }));
    expect(e.message).toMatch(/already managed by another resource of this stack/);
  });

  test("two resources adopting one pipeline is refused even when they declare the same name", async () => {
    // A provider's create is called once per resource, so a second adoption in one process is another resource,
    // whatever it declares: both would fight over the pipeline, and deleting either would delete it for both.
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100011, "Shared")), HAL);
    await pipeline.create({ adopt: { name: "Shared" }, name: "Shared", sort: 5 });
    const e = await rejection(pipeline.create({ adopt: { name: "Shared" }, name: "Shared", sort: 5 }));
    expect(e.message).toMatch(/already managed by another resource of this stack/);
  });

  test("a pipeline the stack already manages cannot be adopted by another resource", async () => {
    const managed = { name: "Managed", sort: 1, pipelineId: 8100006, statusIds: {}, liveStatuses: [] };
    await pipeline.diff("8100006", managed as never, { name: "Managed", sort: 1 });
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100006, "Managed")), HAL);
    const e = await rejection(pipeline.create({ adopt: { id: 8100006 }, name: "Managed", sort: 1 }));
    expect(e.message).toMatch(
      /pipeline "Managed" \(8100006\) is already managed by another resource of this stack \(the resource with id 8100006\)/,
    );
  });

  test("a deleted pipeline is no longer claimed: another resource may adopt its id", async () => {
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100009, "Recycled")), HAL);
    const first = await pipeline.create({ adopt: { id: 8100009 }, name: "Recycled", sort: 5 });
    noLeadsIn(8100009);
    api().delete(`${PIPELINES}/8100009`).reply(204);
    await pipeline.delete(first.id, first.outs as never);
    // The delete dropped the list, so adoption reads it again.
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100009, "Recycled")), HAL);
    expect((await pipeline.create({ adopt: { name: "Recycled" }, name: "Recycled", sort: 5 })).id).toBe("8100009");
  });

  test("a declared won name that differs from Kommo's cannot be adopted: Kommo sets it only at creation", async () => {
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100007, "Legacy")), HAL);
    const e = await rejection(
      pipeline.create({ adopt: { id: 8100007 }, name: "Legacy", sort: 5, wonStatusName: "Closed" }),
    );
    expect(e.message).toMatch(
      /^wonStatusName: the won status of pipeline "Legacy" \(8100007\) is named "Won it" in Kommo.*Set wonStatusName to "Won it"/,
    );
    expect(e.message).toContain('Declared: "Closed"');
  });

  test("a refused adoption leaves the pipeline unclaimed: the corrected program adopts it", async () => {
    api()
      .get(PIPELINES)
      .reply(200, list(legacy(8100010, "Legacy")), HAL);
    await rejection(pipeline.create({ adopt: { id: 8100010 }, name: "Legacy", sort: 5, wonStatusName: "Closed" }));
    expect(
      (await pipeline.create({ adopt: { id: 8100010 }, name: "Legacy", sort: 5, wonStatusName: "Won it" })).id,
    ).toBe("8100010");
  });

  test("check names a malformed adopt", async () => {
    const { failures } = await pipeline.check({}, { adopt: { id: 1, name: "x" } as never, name: "P", sort: 1 });
    expect(failures).toEqual([{ property: "adopt", reason: "must give exactly one of id and name" }]);
    const bad = await pipeline.check({}, { adopt: { id: -3 }, name: "P", sort: 1 });
    expect(bad.failures?.[0]?.property).toBe("adopt.id");
    const extra = await pipeline.check({}, { adopt: { id: 3, by: "name" } as never, name: "P", sort: 1 });
    expect(extra.failures?.map((f) => f.property)).toEqual(["adopt.by"]);
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
    // The other status is declared too, so placement knows where this one belongs without waiting.
    await status.diff(
      "82000021",
      {
        pipelineId: P,
        name: "Qualified",
        sort: 20,
        descriptions: [],
        statusId: 82000021,
        type: 0,
        isEditable: true,
        accountId: 1,
        assignedSort: 20,
        liveColor: "#fffeb2",
      },
      { pipelineId: P, name: "Qualified", sort: 20, descriptions: [] },
    );
    // One read finds the status and also serves the placement check: reads are shared until a write.
    statuses().reply(200, live(), HAL);
    api()
      .patch(`${PIPELINES}/${P}/statuses/82000025`, {
        name: "Proposal",
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

  test("a status in a pipeline that does not exist is a clear error", async () => {
    statuses().reply(404, { title: "Not found", status: 404 }, { "Content-Type": "application/problem+json" });
    const e = await rejection(
      status.create({ adopt: { name: "Proposal" }, pipelineId: P, name: "Proposal", sort: 10 }),
    );
    expect(e.message).toBe(`adopt: pipeline ${P} does not exist, so no status can be adopted in it. Check pipelineId.`);
  });
});

describe("Claims", () => {
  const pipelines = [
    { id: 1, name: "A" },
    { id: 2, name: "B" },
  ] as Pipeline[];
  const stat = (id: number, name: string, type = 0) => ({ id, name, type }) as Status;

  test("what state says a resource manages is recorded once: the first holder stays", () => {
    const claims = new Claims();
    claims.manage("pipeline", 1, "first");
    claims.manage("pipeline", 1, "second");
    expect(() => claims.adoptPipeline(pipelines, { id: 1 }, "second")).toThrow(
      /already managed by another resource of this stack \(first\)/,
    );
    expect(claims.adoptPipeline(pipelines, { id: 1 }, "first").id).toBe(1);
  });

  test("a pipeline and a status with the same id are different objects", () => {
    const claims = new Claims();
    claims.manage("pipeline", 7, "p");
    expect(claims.isManaged("status", 7)).toBe(false);
    expect(claims.isManaged("pipeline", 7)).toBe(true);
    claims.release("pipeline", 7);
    expect(claims.isManaged("pipeline", 7)).toBe(false);
  });

  test("only regular statuses can be adopted, by id or by name", () => {
    const claims = new Claims();
    const all = [stat(5, "Incoming", 1), stat(142, "Won"), stat(143, "Lost"), stat(6, "New")];
    expect(claims.adoptStatus(all, 9, { name: "New" }, "r").id).toBe(6);
    expect(() => claims.adoptStatus(all, 9, { id: 5 }, "x")).toThrow(/no status with id 5 in pipeline 9/);
    expect(() => claims.adoptStatus(all, 9, { name: "Lost" }, "x")).toThrow(/no status with name "Lost" in pipeline 9/);
  });
});
