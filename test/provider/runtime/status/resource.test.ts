import { status } from "../../../../provider/runtime";
import type { StatusInputs, StatusOutputs } from "../../../../provider/runtime/types";
import { HAL, PROBLEM, UNKNOWN, api, liveStatus, problem, rejection, statusList, systemStatuses } from "../../support";
import { bodyOf, useRuntime, withBatchingOff } from "../support";

useRuntime();

const P = 7500001;
const ID = 75000021;
const PATH = `/api/v4/leads/pipelines/${P}/statuses`;

const base: StatusInputs = { pipelineId: P, name: "Qualified", sort: 10 };
const olds: StatusOutputs = {
  ...base,
  color: "#ffeab2",
  descriptions: [
    { level: "newbie", description: "Ask about budget" },
    { level: "master", description: "Qualify in one call" },
  ],
  statusId: ID,
  type: 0,
  isEditable: true,
  accountId: 31361463,
  assignedSort: 40,
  liveColor: "#ffeab2",
};
const declared: StatusInputs = {
  pipelineId: P,
  name: olds.name,
  sort: olds.sort,
  color: olds.color,
  descriptions: olds.descriptions,
};

const check = (news: Record<string, unknown>) => status.check({}, news as unknown as StatusInputs);
const failedProperties = async (news: Record<string, unknown>) => (await check(news)).failures?.map((f) => f.property);
const describeAs = (description: string, level = "newbie") => [{ level, description }];

describe("check", () => {
  test("valid inputs pass and come back normalized", async () => {
    const r = await check({
      ...base,
      pipelineId: String(P),
      color: "#FFEAB2",
      descriptions: [...olds.descriptions!].reverse(),
    });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual({ ...base, color: "#ffeab2", descriptions: olds.descriptions });
  });

  test.each([
    ["an empty name", { name: "  " }, "name"],
    ["a name that is not a string", { name: 5 }, "name"],
    ["a missing name", { name: undefined }, "name"],
    ["a negative sort", { sort: -1 }, "sort"],
    ["a fractional sort", { sort: 1.5 }, "sort"],
    ["a sort given as a string", { sort: "10" }, "sort"],
    ["a pipelineId that is not an id", { pipelineId: "sales" }, "pipelineId"],
    ["a color outside the palette", { color: "#000000" }, "color"],
    ["a color name", { color: "red" }, "color"],
    ["descriptions that are not a list", { descriptions: "hello" }, "descriptions"],
    ["a property the resource does not have", { colour: "#ffeab2" }, "colour"],
  ])("%s fails, naming the property", async (_what, change, property) => {
    expect(await failedProperties({ ...base, ...change })).toEqual([property]);
  });

  test("the color failure lists the palette", async () => {
    const [f] = (await check({ ...base, color: "#000000" })).failures!;
    expect(f.reason).toContain("#fffeb2");
    expect(f.reason).toContain("#e6e8ea");
  });

  test("more than 3 descriptions fail at descriptions", async () => {
    const four = ["newbie", "candidate", "master", "newbie"].map((level) => ({ level, description: "x" }));
    const failures = (await check({ ...base, descriptions: four })).failures!;
    expect(failures).toContainEqual({ property: "descriptions", reason: expect.stringMatching(/at most 3/) });
  });

  test("a level given twice fails at the second one", async () => {
    const twice = [
      { level: "master", description: "a" },
      { level: "master", description: "b" },
    ];
    expect(await failedProperties({ ...base, descriptions: twice })).toEqual(["descriptions[1].level"]);
  });

  test("a level that is not newbie, candidate or master fails", async () => {
    expect(await failedProperties({ ...base, descriptions: describeAs("x", "expert") })).toEqual([
      "descriptions[0].level",
    ]);
  });

  test("an empty description and an unknown description property fail by path", async () => {
    expect(await failedProperties({ ...base, descriptions: describeAs("") })).toEqual(["descriptions[0].description"]);
    expect(
      await failedProperties({ ...base, descriptions: [{ level: "newbie", description: "x", text: "y" }] }),
    ).toEqual(["descriptions[0].text"]);
  });

  test("a description of more than 1000 characters fails", async () => {
    expect(await failedProperties({ ...base, descriptions: describeAs("a".repeat(1000)) })).toEqual([]);
    const failures = (await check({ ...base, descriptions: describeAs("a".repeat(1001)) })).failures!;
    expect(failures).toEqual([
      { property: "descriptions[0].description", reason: expect.stringMatching(/1001 characters; the limit is 1000/) },
    ]);
  });

  test("an emoji counts as one character, as Kommo counts it", async () => {
    // Each of these is two UTF-16 code units: 1000 of them are 2000 by String.length, and still within the limit.
    expect(await failedProperties({ ...base, descriptions: describeAs("😀".repeat(1000)) })).toEqual([]);
    const failures = (await check({ ...base, descriptions: describeAs("😀".repeat(1001)) })).failures!;
    expect(failures).toEqual([
      { property: "descriptions[0].description", reason: expect.stringMatching(/1001 characters/) },
    ]);
  });

  describe("preview's unknown value passes wherever it appears, and stays unknown", () => {
    test.each([
      ["pipelineId", { pipelineId: UNKNOWN }],
      ["name", { name: UNKNOWN }],
      ["sort", { sort: UNKNOWN }],
      ["color", { color: UNKNOWN }],
      ["descriptions", { descriptions: UNKNOWN }],
      ["a description", { descriptions: [UNKNOWN] }],
      ["a level and a description text", { descriptions: [{ level: UNKNOWN, description: UNKNOWN }] }],
    ])("%s", async (_where, change) => {
      const r = await check({ ...base, ...change });
      expect(r.failures).toEqual([]);
      expect(r.inputs).toMatchObject(change);
    });

    test("every input at once", async () => {
      const all = { pipelineId: UNKNOWN, name: UNKNOWN, sort: UNKNOWN, color: UNKNOWN, descriptions: UNKNOWN };
      const r = await check(all);
      expect(r.failures).toEqual([]);
      expect(r.inputs).toEqual(all);
    });
  });
});

describe("diff", () => {
  const diff = (news: Partial<Record<keyof StatusInputs, unknown>>, before: StatusOutputs = olds) =>
    status.diff(String(ID), before, { ...declared, ...news } as StatusInputs);

  test("nothing changed is no change", async () => {
    expect(await diff({})).toMatchObject({ changes: false, replaces: [] });
  });

  test.each([
    ["a rename", { name: "Hot lead" }],
    ["a recolor", { color: "#98cbff" }],
    ["a new declared sort", { sort: 30 }],
    ["changed descriptions", { descriptions: describeAs("Ask about budget first") }],
    ["descriptions removed", { descriptions: [] }],
  ])("%s is an in-place change", async (_what, change) => {
    expect(await diff(change)).toMatchObject({ changes: true, replaces: [] });
  });

  test("moving to another pipeline replaces", async () => {
    expect(await diff({ pipelineId: P + 1 })).toMatchObject({
      changes: true,
      replaces: ["pipelineId"],
      deleteBeforeReplace: false,
    });
  });

  test("the same pipeline id given as a string is not a move", async () => {
    expect(await diff({ pipelineId: String(P) })).toMatchObject({ changes: false, replaces: [] });
  });

  test("Kommo's renumbering is not a change: the declared sort is compared, never assignedSort", async () => {
    expect(olds.assignedSort).not.toBe(olds.sort);
    expect(await diff({}, { ...olds, assignedSort: 70 })).toMatchObject({ changes: false });
  });

  test("descriptions in another order are not a change", async () => {
    expect(await diff({ descriptions: [...olds.descriptions!].reverse() })).toMatchObject({ changes: false });
  });

  test("a color in capitals is the same color", async () => {
    expect(await diff({ color: "#FFEAB2" })).toMatchObject({ changes: false });
  });

  test("a color left to Kommo is not managed, so Kommo's choice is not a change", async () => {
    expect(await diff({ color: undefined })).toMatchObject({ changes: false });
  });

  test("an unknown name, sort, color or descriptions may be a change, in place", async () => {
    for (const key of ["name", "sort", "color", "descriptions"]) {
      expect(await diff({ [key]: UNKNOWN })).toMatchObject({ changes: true, replaces: [] });
    }
  });

  test("an unknown pipeline is one preview has yet to create, so the move shows as the replacement it will be", async () => {
    expect(await diff({ pipelineId: UNKNOWN })).toMatchObject({ changes: true, replaces: ["pipelineId"] });
  });
});

describe("read", () => {
  // One list per pipeline, descriptions included, answers the reads of all its statuses.
  const GET = () => api().get(PATH).query({ with: "descriptions" });
  const listed = (...statuses: ReturnType<typeof liveStatus>[]) =>
    statusList([...systemStatuses(P, 75000011), ...statuses]);

  test("a status whose pipeline was deleted in Kommo reads as gone: an empty result, not an error", async () => {
    GET().reply(404, problem("Not found"), PROBLEM);
    const r = await status.read(String(ID), olds);
    expect(r.id).toBeFalsy();
    expect(r.props).toBeUndefined();
  });

  test("a status deleted in Kommo, missing from its pipeline's list, reads as gone", async () => {
    GET().reply(200, listed(liveStatus(P, { id: ID + 9, name: "Another", sort: 20, descriptions: [] })), HAL);
    const r = await status.read(String(ID), olds);
    expect(r.id).toBeFalsy();
    expect(r.props).toBeUndefined();
  });

  test("unchanged in Kommo, the inputs come back as declared", async () => {
    GET().reply(
      200,
      listed(
        liveStatus(P, {
          id: ID,
          name: olds.name,
          sort: 40,
          color: olds.color,
          descriptions: olds.descriptions!.map((d, i) => ({ id: i + 1, ...d })),
        }),
      ),
      HAL,
    );
    const r = await status.read(String(ID), olds);
    expect(r.id).toBe(String(ID));
    expect(r.inputs).toEqual(declared);
    expect(r.props).toMatchObject({ assignedSort: 40, statusId: ID });
  });

  test("drift in name, color and descriptions comes back in inputs; the declared sort stays", async () => {
    GET().reply(
      200,
      listed(
        liveStatus(P, {
          id: ID,
          name: "Renamed in Kommo",
          sort: 90,
          color: "#98cbff",
          descriptions: [
            { id: 7, level: "master", description: "Edited in Kommo" },
            { id: 8, level: "candidate", description: "Added in Kommo" },
          ],
        }),
      ),
      HAL,
    );
    const r = await status.read(String(ID), olds);
    expect(r.inputs).toEqual({
      pipelineId: P,
      name: "Renamed in Kommo",
      sort: 10,
      color: "#98cbff",
      descriptions: [
        { level: "candidate", description: "Added in Kommo" },
        { level: "master", description: "Edited in Kommo" },
      ],
    });
    expect(r.props).toMatchObject({
      name: "Renamed in Kommo",
      color: "#98cbff",
      liveColor: "#98cbff",
      assignedSort: 90,
      sort: 10,
    });
  });

  test("a color the stack never declared is not drift", async () => {
    GET().reply(
      200,
      listed(liveStatus(P, { id: ID, name: olds.name, sort: 40, color: "#98cbff", descriptions: [] })),
      HAL,
    );
    const undeclared = { ...olds, color: undefined, descriptions: [] };
    const r = await status.read(String(ID), undeclared);
    expect(r.inputs).not.toHaveProperty("color");
    expect(r.props).toMatchObject({ liveColor: "#98cbff" });
    expect((await status.diff(String(ID), r.props as StatusOutputs, { ...base, descriptions: [] })).changes).toBe(
      false,
    );
  });

  test("a failure other than not found is an error, not a deleted status", async () => {
    GET().reply(403, problem("Forbidden"), PROBLEM);
    const e = await rejection(status.read(String(ID), olds));
    expect(e.kind).toBe("forbidden");
    expect(e.message).toContain(`of pipeline ${P}`);
  });

  describe("with KOMMO_BATCHING=off, each status reads itself", () => {
    const off = withBatchingOff;
    const GET_ONE = () => api().get(`${PATH}/${ID}`).query({ with: "descriptions" });

    test("a status deleted in Kommo reads as gone", async () => {
      GET_ONE().reply(404, problem("Not found"), PROBLEM);
      const r = await off(() => status.read(String(ID), olds));
      expect(r.id).toBeFalsy();
      expect(r.props).toBeUndefined();
    });

    test("drift comes back in inputs", async () => {
      GET_ONE().reply(
        200,
        liveStatus(P, { id: ID, name: "Renamed in Kommo", sort: 40, color: olds.color, descriptions: [] }),
        HAL,
      );
      const r = await off(() => status.read(String(ID), olds));
      expect(r.inputs).toEqual({ ...declared, name: "Renamed in Kommo", descriptions: [] });
    });
  });
});

describe("update", () => {
  test("a rename and a recolor are one PATCH, without reading the pipeline", async () => {
    api()
      .patch(`${PATH}/${ID}`, { name: "Hot lead", color: "#98cbff" })
      .reply(200, liveStatus(P, { id: ID, name: "Hot lead", sort: 40, color: "#98cbff" }), HAL);
    const u = await status.update(String(ID), olds, { ...declared, name: "Hot lead", color: "#98cbff" });
    expect(u.outs).toMatchObject({ name: "Hot lead", color: "#98cbff", statusId: ID, assignedSort: 40 });
  });

  test("descriptions are edited by id: changed, added and removed", async () => {
    api()
      .get(PATH)
      .query({ with: "descriptions" })
      .reply(
        200,
        statusList([
          ...systemStatuses(P, 75000011),
          liveStatus(P, {
            id: ID,
            name: olds.name,
            sort: 20,
            color: olds.color,
            descriptions: [
              { id: 1, level: "newbie", description: "Ask about budget" },
              { id: 3, level: "master", description: "Qualify in one call" },
            ],
          }),
        ]),
        HAL,
      );
    api()
      .patch(`${PATH}/${ID}`, {
        name: "Qualified",
        descriptions: [
          { id: 1, level: "newbie", description: "Ask about budget first" },
          { level: "candidate", description: "Book a demo" },
          { id: 3, level: "master" },
        ],
      })
      .reply(200, liveStatus(P, { id: ID, name: olds.name, sort: 20, color: olds.color }), HAL);
    const wanted = [
      { level: "candidate" as const, description: "Book a demo" },
      { level: "newbie" as const, description: "Ask about budget first" },
    ];
    const u = await status.update(String(ID), olds, { ...declared, descriptions: wanted });
    expect(u.outs).toMatchObject({ descriptions: [wanted[1], wanted[0]] });
  });
});

describe("update of the declared sort", () => {
  // Two neighbours the stack declares at 20 and 30, renumbered by Kommo to 30 and 40; this status is first, at 20.
  const N1 = ID + 1;
  const N2 = ID + 2;
  const WITH_DESCRIPTIONS = () => api().get(PATH).query({ with: "descriptions" });
  const live = () =>
    statusList([
      ...systemStatuses(P, 75000011),
      liveStatus(P, { id: ID, name: olds.name, sort: 20, color: olds.color, descriptions: [] }),
      liveStatus(P, { id: N1, name: "Demo", sort: 30, descriptions: [] }),
      liveStatus(P, { id: N2, name: "Proposal", sort: 40, descriptions: [] }),
    ]);
  const me = { ...olds, descriptions: [], assignedSort: 20 };

  beforeEach(async () => {
    // As in an up: the engine diffs every status, which is how the provider learns the declared sorts.
    for (const [id, name, sort] of [
      [N1, "Demo", 20],
      [N2, "Proposal", 30],
    ] as const) {
      const outs = { ...olds, statusId: id, name, sort, descriptions: [] };
      await status.diff(String(id), outs, { pipelineId: P, name, sort, color: olds.color, descriptions: [] });
    }
  });

  test("a sort past both neighbours moves the status after them, and the order is read back", async () => {
    WITH_DESCRIPTIONS().reply(200, live(), HAL);
    api()
      .patch(
        `${PATH}/${ID}`,
        (body) =>
          Object.keys(body).sort().join() === "name,sort" &&
          body.name === olds.name &&
          body.sort > 40 &&
          body.sort < 10000,
      )
      .reply(200, liveStatus(P, { id: ID, name: olds.name, sort: 50, color: olds.color }), HAL);
    // Kommo renumbered on the move: the number recorded is the one read back.
    api()
      .get(PATH)
      .query({ with: "descriptions" })
      .reply(
        200,
        statusList([
          ...systemStatuses(P, 75000011),
          liveStatus(P, { id: N1, name: "Demo", sort: 20 }),
          liveStatus(P, { id: N2, name: "Proposal", sort: 30 }),
          liveStatus(P, { id: ID, name: olds.name, sort: 40, color: olds.color }),
        ]),
        HAL,
      );
    const u = await status.update(String(ID), me, { ...declared, descriptions: [], sort: 35 });
    expect(u.outs).toMatchObject({ sort: 35, assignedSort: 40 });
  });

  test("a move Kommo does not keep is repaired from the order read back", async () => {
    WITH_DESCRIPTIONS().reply(200, live(), HAL);
    // Kommo answers the move, then lists the status between its neighbours all the same.
    api()
      .patch(`${PATH}/${ID}`, (body) => body.sort > 40)
      .reply(
        200,
        (_uri, body) =>
          liveStatus(P, { id: ID, name: olds.name, sort: bodyOf<{ sort: number }>(body).sort, color: olds.color }),
        HAL,
      );
    const between = statusList([
      ...systemStatuses(P, 75000011),
      liveStatus(P, { id: N1, name: "Demo", sort: 20 }),
      liveStatus(P, { id: ID, name: olds.name, sort: 30, color: olds.color }),
      liveStatus(P, { id: N2, name: "Proposal", sort: 40 }),
    ]);
    api().get(PATH).query({ with: "descriptions" }).reply(200, between, HAL);
    api()
      .patch(
        `${PATH}/${ID}`,
        (body) => Object.keys(body).sort().join() === "name,sort" && body.name === olds.name && body.sort > 40,
      )
      .reply(200, liveStatus(P, { id: ID, name: olds.name, sort: 40, color: olds.color }), HAL);
    api()
      .get(PATH)
      .query({ with: "descriptions" })
      .reply(
        200,
        statusList([
          ...systemStatuses(P, 75000011),
          liveStatus(P, { id: N1, name: "Demo", sort: 20 }),
          liveStatus(P, { id: N2, name: "Proposal", sort: 30 }),
          liveStatus(P, { id: ID, name: olds.name, sort: 40, color: olds.color }),
        ]),
        HAL,
      );
    const u = await status.update(String(ID), me, { ...declared, descriptions: [], sort: 35 });
    expect(u.outs).toMatchObject({ sort: 35, assignedSort: 40 });
  });

  test("a sort that keeps the same neighbours moves nothing", async () => {
    WITH_DESCRIPTIONS().reply(200, live(), HAL);
    const u = await status.update(String(ID), me, { ...declared, descriptions: [], sort: 15 });
    expect(u.outs).toMatchObject({ sort: 15, assignedSort: 20 });
  });
});

describe("delete", () => {
  const LEADS = () =>
    api()
      .get("/api/v4/leads")
      .query({ "filter[pipeline_id]": String(P), limit: "250" });
  // Every delete first looks at the pipeline's leads, to tell the user where Kommo moves them.
  const DELETE = () => {
    LEADS().reply(204);
    return api().delete(`${PATH}/${ID}`);
  };
  const NOT_SUPPORTED = (path: string) =>
    problem("Request validation failed", [{ request_id: "0", errors: [{ code: "NotSupportedChoice", path }] }]);

  test("204 is deleted", async () => {
    DELETE().reply(204);
    await expect(status.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("404 means already gone, which is success", async () => {
    DELETE().reply(404, problem("Not found"), PROBLEM);
    await expect(status.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("another 4xx is checked with a GET of the status: one that is not there was deleted", async () => {
    DELETE().reply(400, NOT_SUPPORTED("status_id"), PROBLEM);
    api().get(`${PATH}/${ID}`).reply(404, problem("Not found"), PROBLEM);
    await expect(status.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("a status read that is refused too is settled by its pipeline: a pipeline that is gone took the status with it", async () => {
    DELETE().reply(400, NOT_SUPPORTED("pipeline_id"), PROBLEM);
    api().get(`${PATH}/${ID}`).reply(400, NOT_SUPPORTED("pipeline_id"), PROBLEM);
    api().get(`/api/v4/leads/pipelines/${P}`).reply(404, problem("Not found"), PROBLEM);
    await expect(status.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("a status that held leads is deleted, and the user is told which leads Kommo moved, and where", async () => {
    const lead = (id: number, status_id: number) => ({ id, status_id, pipeline_id: P, name: `Lead ${id}` });
    LEADS().reply(200, { _embedded: { leads: [lead(1, ID), lead(2, ID), lead(3, ID + 4)] } }, HAL);
    api().delete(`${PATH}/${ID}`).reply(204);
    api()
      .get("/api/v4/leads")
      .query({ "filter[id][0]": "1", "filter[id][1]": "2", limit: "250" })
      .reply(200, { _embedded: { leads: [lead(1, ID + 4), lead(2, ID + 4)] } }, HAL);
    // The destination's name, from the pipeline's statuses (no descriptions needed).
    api()
      .get(PATH)
      .reply(200, statusList([liveStatus(P, { id: ID + 4, name: "First stage", sort: 20 })]), HAL);
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await status.delete(String(ID), olds);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]?.[0])).toBe(
        `kommo: status "${olds.name}" (${ID}) of pipeline ${P} held 2 leads; Kommo moved them to "First stage" (status ${ID + 4}). Leads: 1, 2.`,
      );
    } finally {
      errors.mockRestore();
    }
  });

  test("a refusal of a status that is still there fails with Kommo's reason", async () => {
    DELETE().reply(400, NOT_SUPPORTED("pipeline_id"), PROBLEM);
    api()
      .get(`${PATH}/${ID}`)
      .reply(200, liveStatus(P, { id: ID, name: olds.name, sort: 20 }), HAL);
    const e = await rejection(status.delete(String(ID), olds));
    expect(e.kind).toBe("validation");
    expect(e.message).toMatch(/status 75000021 in pipeline 7500001/);
    expect(e.message).toMatch(/pipeline_id/);
  });

  test("a deleted status is forgotten: another resource may adopt the object's id again", async () => {
    await status.diff(String(ID), olds, declared);
    DELETE().reply(204);
    await status.delete(String(ID), olds);
    api()
      .get(PATH)
      .query({ with: "descriptions" })
      .reply(
        200,
        statusList([
          ...systemStatuses(P, 75000011),
          liveStatus(P, { id: ID, name: olds.name, sort: 20, color: olds.color, descriptions: [] }),
        ]),
        HAL,
      );
    const r = await status.create({
      adopt: { id: ID },
      pipelineId: P,
      name: olds.name,
      sort: 10,
      color: olds.color,
      descriptions: [],
    });
    expect(r.id).toBe(String(ID));
  });
});
