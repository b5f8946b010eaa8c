import { pipeline, status } from "../../../../provider/runtime";
import { MAX_STAGES } from "../../../../provider/runtime/edge/inputs";
import { PLACEHOLDER_STAGE } from "../../../../provider/runtime/status/placeholder";
import type { LiveStage, PipelineInputs, PipelineOutputs, StageInput } from "../../../../provider/runtime/types";
import {
  ACCOUNT,
  HAL,
  PROBLEM,
  UNKNOWN,
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
import { checkedPipeline, counted, useRuntime, withBatchingOff } from "../support";

useRuntime();

const ID = 7600001;
const INCOMING = 76000011;
const PIPELINES = "/api/v4/leads/pipelines";
const PATH = `${PIPELINES}/${ID}`;

const declared: PipelineInputs = { name: "Sales", sort: 10, isMain: false, isUnsortedOn: true, wonStatusName: "Paid" };
const olds: PipelineOutputs = {
  ...declared,
  pipelineId: ID,
  isArchive: false,
  accountId: ACCOUNT,
  incomingStatusId: INCOMING,
  wonStatusId: 142,
  lostStatusId: 143,
  wonStatusLiveName: "Paid",
  lostStatusLiveName: "Closed - lost",
  assignedSort: 10,
  statusIds: {},
  liveStatuses: [],
};

const list = (...pipelines: ReturnType<typeof livePipeline>[]) => ({
  _total_items: pipelines.length,
  _embedded: { pipelines },
});
const OTHER = livePipeline({ id: ID + 1, name: "Other", sort: 20 }, systemStatuses(ID + 1, INCOMING + 1));

const check = (news: Record<string, unknown>, before: Partial<PipelineInputs> = {}) =>
  pipeline.check(before, news as unknown as PipelineInputs);
const failedProperties = async (news: Record<string, unknown>, before?: Partial<PipelineInputs>) =>
  (await check(news, before)).failures?.map((f) => f.property);

describe("check", () => {
  test("valid inputs pass, with Kommo's default for isUnsortedOn filled in and isMain left undeclared", async () => {
    const r = await check({ name: "Sales", sort: 10 });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual({ name: "Sales", sort: 10, isUnsortedOn: true });
  });

  test.each([
    ["an empty name", { name: "" }, "name"],
    ["a negative sort", { sort: -5 }, "sort"],
    ["a fractional sort", { sort: 0.5 }, "sort"],
    ["isMain that is not a boolean", { isMain: "yes" }, "isMain"],
    ["isUnsortedOn that is not a boolean", { isUnsortedOn: 1 }, "isUnsortedOn"],
    ["an empty won status name", { wonStatusName: " " }, "wonStatusName"],
    ["an empty lost status name", { lostStatusName: "" }, "lostStatusName"],
    ["a property the resource does not have", { stages: [] }, "stages"],
  ])("%s fails, naming the property", async (_what, change, property) => {
    expect(await failedProperties({ name: "Sales", sort: 10, ...change })).toEqual([property]);
  });

  test("preview's unknown value passes for every input, and stays unknown", async () => {
    const all = {
      name: UNKNOWN,
      sort: UNKNOWN,
      isMain: UNKNOWN,
      isUnsortedOn: UNKNOWN,
      wonStatusName: UNKNOWN,
      lostStatusName: UNKNOWN,
      statuses: UNKNOWN,
    };
    const r = await check(all, declared);
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual(all);
  });

  test("the won and lost names may be anything when the pipeline is created", async () => {
    expect(await failedProperties({ ...declared, wonStatusName: "Deal!", lostStatusName: "No deal" })).toEqual([]);
  });

  test("changing wonStatusName after creation fails, naming wonStatusName and what to do", async () => {
    const r = await check({ ...declared, wonStatusName: "Won" }, declared);
    expect(r.failures).toEqual([
      { property: "wonStatusName", reason: expect.stringMatching(/only when a pipeline is created/) },
    ]);
    expect(r.failures?.[0]?.reason).toMatch(/"Paid"/);
  });

  test("changing lostStatusName after creation fails the same way", async () => {
    const before = { ...declared, lostStatusName: "Lost" };
    expect(await failedProperties({ ...before, lostStatusName: "Gone" }, before)).toEqual(["lostStatusName"]);
  });

  test("an unknown won status name after creation passes: it may be unchanged", async () => {
    expect(await failedProperties({ ...declared, wonStatusName: UNKNOWN }, declared)).toEqual([]);
  });

  describe("statuses", () => {
    const withStages = (statuses: unknown) => ({ name: "Sales", sort: 10, statuses });
    const named = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Stage ${i + 1}` }));

    test("a valid list comes back with keys filled in, colors in Kommo's case, descriptions managed on every stage or none", async () => {
      const r = await check(
        withStages([
          { name: "New", color: "#FFF000" },
          {
            key: "q",
            name: "Qualified",
            descriptions: [
              { level: "master", description: "m" },
              { level: "newbie", description: "n" },
            ],
          },
        ]),
      );
      expect(r.failures).toEqual([]);
      expect(r.inputs?.statuses).toEqual([
        { key: "New", name: "New", color: "#fff000", descriptions: [] },
        {
          key: "q",
          name: "Qualified",
          descriptions: [
            { level: "newbie", description: "n" },
            { level: "master", description: "m" },
          ],
        },
      ]);
    });

    test.each<[string, unknown, string[]]>([
      ["an empty stage name", [{ name: "New" }, { name: " " }], ["statuses[1].name"]],
      ["a stage without a name", [{ name: "New" }, { key: "k" }], ["statuses[1].name"]],
      ["an empty key", [{ key: "", name: "New" }], ["statuses[0].key"]],
      ["a color outside the palette", [{ name: "New", color: "#000000" }], ["statuses[0].color"]],
      ["a property a stage does not have", [{ name: "New", colour: "#fff000" }], ["statuses[0].colour"]],
      [
        "a description level Kommo does not have",
        [{ name: "New", descriptions: [{ level: "expert", description: "x" }] }],
        ["statuses[0].descriptions[0].level"],
      ],
      ["a stage that is not an object", [{ name: "New" }, "Qualified"], ["statuses[1]"]],
      ["a list that is not a list", "New, Qualified", ["statuses"]],
    ])("%s fails, naming the stage's property", async (_what, statuses, properties) => {
      expect(await failedProperties(withStages(statuses))).toEqual(properties);
    });

    test("two stages with one name and no keys fail at the second, saying which stage has it", async () => {
      const r = await check(withStages([{ name: "New" }, { name: "Qualified" }, { name: "New" }]));
      expect(r.failures).toEqual([
        {
          property: "statuses[2].name",
          reason: expect.stringMatching(/"New" is also the key of statuses\[0\]; give each stage its own key/),
        },
      ]);
    });

    test("two stages with one key fail at the second key; a key may not repeat another stage's name either", async () => {
      expect(
        await failedProperties(
          withStages([
            { key: "k", name: "A" },
            { key: "k", name: "B" },
          ]),
        ),
      ).toEqual(["statuses[1].key"]);
      expect(await failedProperties(withStages([{ name: "A" }, { key: "A", name: "B" }]))).toEqual(["statuses[1].key"]);
    });

    test("two stages with one name and their own keys are two stages", async () => {
      expect(
        await failedProperties(
          withStages([
            { key: "a", name: "Call" },
            { key: "b", name: "Call" },
          ]),
        ),
      ).toEqual([]);
    });

    test("an empty list fails, saying Kommo needs a regular stage and how to leave stages to Status resources", async () => {
      const r = await check(withStages([]));
      expect(r.failures).toEqual([
        { property: "statuses", reason: expect.stringMatching(/at least one stage.*Leave statuses out/) },
      ]);
    });

    test(`${MAX_STAGES} stages pass; ${MAX_STAGES + 1} fail, with Kommo's limit`, async () => {
      expect(MAX_STAGES).toBe(97);
      expect(await failedProperties(withStages(named(MAX_STAGES)))).toEqual([]);
      const r = await check(withStages(named(MAX_STAGES + 1)));
      expect(r.failures).toEqual([
        { property: "statuses", reason: `Kommo keeps at most 97 regular stages, got ${MAX_STAGES + 1}` },
      ]);
    });

    test("an unknown stage, or an unknown name in one, passes and stays unknown", async () => {
      const r = await check(withStages([UNKNOWN, { name: UNKNOWN }, { name: "New" }]));
      expect(r.failures).toEqual([]);
      expect(r.inputs?.statuses).toEqual([UNKNOWN, { key: UNKNOWN, name: UNKNOWN }, { key: "New", name: "New" }]);
    });
  });
});

describe("diff", () => {
  const diff = (news: Partial<Record<keyof PipelineInputs, unknown>>, before: PipelineOutputs = olds) =>
    pipeline.diff(String(ID), before, { ...declared, ...news } as PipelineInputs);

  test("nothing changed is no change", async () => {
    expect(await diff({})).toMatchObject({ changes: false, replaces: [] });
  });

  test("isUnsortedOn left out equals the default Kommo holds", async () => {
    expect(await diff({ isUnsortedOn: undefined })).toMatchObject({ changes: false });
  });

  test("an undeclared isMain is never a change, whatever Kommo holds", async () => {
    expect(await diff({ isMain: undefined }, { ...olds, isMain: true })).toMatchObject({ changes: false });
    expect(await diff({ isMain: true })).toMatchObject({ changes: true });
  });

  test("a pipeline never replaces: every change is in place", async () => {
    const r = await diff({ name: "Sales EU", sort: 20, isMain: true, isUnsortedOn: false });
    expect(r).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("unknown values may be changes, never replacements", async () => {
    expect(await diff({ name: UNKNOWN, sort: UNKNOWN })).toMatchObject({ changes: true, replaces: [] });
    expect(await diff({ isMain: UNKNOWN })).toMatchObject({ changes: true, replaces: [] });
  });

  test("declaring a won status name Kommo cannot apply is refused at preview, naming wonStatusName", async () => {
    // Declared after creation, where check has no old value to compare with: only the live name can tell.
    const before = { ...olds, wonStatusName: undefined };
    const e = await rejection(diff({ wonStatusName: "Won" }, before));
    expect(e.message).toMatch(/^wonStatusName:/);
    expect(e.message).toContain('"Paid"');
  });

  test("declaring the name the won status already has is no change", async () => {
    expect(await diff({ wonStatusName: "Paid" }, { ...olds, wonStatusName: undefined })).toMatchObject({
      changes: false,
    });
  });

  describe("statuses", () => {
    const stages: StageInput[] = [
      { key: "New", name: "New" },
      { key: "q", name: "Qualified", color: "#fff000" },
    ];
    const listed = { ...olds, statuses: stages.map((st) => ({ ...st, key: st.key ?? st.name })) };
    const diffList = (statuses: unknown, before: PipelineOutputs = listed) => diff({ statuses }, before);

    test("the same list, with its objects' keys in another order, a key left to default and a color in capitals, is no change", async () => {
      expect(await diffList([{ name: "New" }, { color: "#FFF000", name: "Qualified", key: "q" }])).toMatchObject({
        changes: false,
      });
      // State comes back from the engine with its own key order, too.
      const fromState = {
        ...listed,
        statuses: [
          { name: "New", key: "New" },
          { color: "#fff000" as const, name: "Qualified", key: "q" },
        ],
      };
      expect(await diffList(stages, fromState)).toMatchObject({ changes: false });
    });

    test.each<[string, StageInput[]]>([
      ["a reorder", [stages[1], stages[0]]],
      ["a rename", [{ key: "New", name: "Fresh" }, stages[1]]],
      ["a recolor", [stages[0], { key: "q", name: "Qualified", color: "#98cbff" }]],
      ["a color no longer managed", [stages[0], { key: "q", name: "Qualified" }]],
      ["a stage added", [...stages, { name: "Proposal" }]],
      ["a stage removed", [stages[0]]],
      ["a key changed", [{ key: "n", name: "New" }, stages[1]]],
      [
        "descriptions declared",
        [{ ...stages[0], name: "New", descriptions: [{ level: "newbie", description: "Call" }] }, stages[1]],
      ],
    ])("%s is an in-place change", async (_what, statuses) => {
      expect(await diffList(statuses)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    });

    test("an unknown list may be a change", async () => {
      expect(await diffList(UNKNOWN)).toMatchObject({ changes: true, replaces: [] });
    });

    test("declaring a list on a pipeline whose stages were left to Status resources is a change", async () => {
      expect(await diffList(stages, olds)).toMatchObject({ changes: true });
    });

    test("leaving the list out of a pipeline that declared one is a change: the state must stop saying the pipeline owns its stages", async () => {
      // Otherwise the list stays in state, a refresh reads it back as declared, and Status resources are refused.
      expect(await diff({ statuses: undefined }, listed)).toMatchObject({ changes: true, replaces: [] });
    });
  });
});

describe("create", () => {
  test("reads the pipeline list, then POSTs the pipeline with its declared sort as written, the won and lost names and the placeholder stage; reads the statuses when Kommo embeds none", async () => {
    // The account's other pipeline (sort 20) does not change the number sent: the declared 10 goes out as it is.
    api().get(PIPELINES).reply(200, list(OTHER), HAL);
    api()
      .post(PIPELINES, [
        {
          name: "Sales",
          sort: 10,
          is_main: false,
          is_unsorted_on: true,
          _embedded: {
            statuses: [
              { id: 142, name: "Paid" },
              { id: 143, name: "Lost" },
              { name: PLACEHOLDER_STAGE, sort: 20 },
            ],
          },
          request_id: "0",
        },
      ])
      .reply(
        200,
        { _embedded: { pipelines: [livePipeline({ id: ID, name: "Sales", sort: 30, request_id: "0" })] } },
        HAL,
      );
    const placeholder = liveStatus(ID, { id: 76000012, name: PLACEHOLDER_STAGE, sort: 20, color: "#fffeb2" });
    api()
      .get(`${PATH}/statuses`)
      .reply(200, statusList([...systemStatuses(ID, INCOMING, "Paid", "Lost"), placeholder]), HAL);
    const r = await pipeline.create({ ...declared, lostStatusName: "Lost" });
    expect(r.id).toBe(String(ID));
    expect(r.outs).toEqual({
      ...olds,
      lostStatusName: "Lost",
      lostStatusLiveName: "Lost",
      assignedSort: 30,
      liveStatuses: [{ statusId: 76000012, name: PLACEHOLDER_STAGE, color: "#fffeb2", sort: 20 }],
    });
  });

  test("is_main is sent as false unless declared, and an undeclared isMain stays out of the outputs", async () => {
    api().get(PIPELINES).reply(200, list(), HAL);
    api()
      .post(PIPELINES, (body) => body[0].is_main === false)
      .reply(
        200,
        {
          _embedded: {
            pipelines: [
              livePipeline({ id: ID, name: "Sales", sort: 10, request_id: "0" }, systemStatuses(ID, INCOMING)),
            ],
          },
        },
        HAL,
      );
    const r = await pipeline.create({ name: "Sales", sort: 10, isUnsortedOn: true });
    expect(r.outs).not.toHaveProperty("isMain");
  });

  test("a declared isMain is sent as declared", async () => {
    api().get(PIPELINES).reply(200, list(), HAL);
    api()
      .post(PIPELINES, (body) => body[0].is_main === true && body[0].is_unsorted_on === false)
      .reply(
        200,
        {
          _embedded: {
            pipelines: [
              livePipeline(
                { id: ID, name: "Sales", sort: 10, is_main: true, request_id: "0" },
                systemStatuses(ID, INCOMING),
              ),
            ],
          },
        },
        HAL,
      );
    const r = await pipeline.create({ name: "Sales", sort: 10, isMain: true, isUnsortedOn: false });
    expect(r.outs).toMatchObject({ isMain: true, isUnsortedOn: false });
  });

  test("creates share one reading of the pipeline list; the pipelines they made are added to it, not read again", async () => {
    const readings = counted(() => list(OTHER));
    api().get(PIPELINES).reply(200, readings.reply, HAL);
    api()
      .post(PIPELINES, (body) => body.length === 2)
      .reply(
        200,
        {
          _embedded: {
            pipelines: [
              livePipeline({ id: ID, name: "Sales", sort: 30, request_id: "0" }, systemStatuses(ID, INCOMING)),
              livePipeline(
                { id: ID + 2, name: "Support", sort: 40, request_id: "1" },
                systemStatuses(ID + 2, INCOMING + 2),
              ),
            ],
          },
        },
        HAL,
      );
    await Promise.all([
      pipeline.create(await checkedPipeline({ name: "Sales", sort: 10 })),
      pipeline.create(await checkedPipeline({ name: "Support", sort: 20 })),
    ]);
    expect(readings.hits.n).toBe(1);
    // "Later" is declared between the two: it is sent as declared (15), and the list is not read again.
    api()
      .post(PIPELINES, (body) => body[0].name === "Later" && body[0].sort === 15)
      .reply(
        200,
        {
          _embedded: {
            pipelines: [
              livePipeline(
                { id: ID + 4, name: "Later", sort: 35, request_id: "0" },
                systemStatuses(ID + 4, INCOMING + 4),
              ),
            ],
          },
        },
        HAL,
      );
    expect((await pipeline.create(await checkedPipeline({ name: "Later", sort: 15 }))).id).toBe(String(ID + 4));
    expect(readings.hits.n).toBe(1);
  });
});

describe("read", () => {
  // The pipeline list, statuses embedded, answers the reads of every pipeline.
  const LIST = () => api().get(PIPELINES);

  test("a pipeline deleted in Kommo, missing from the list, reads as gone: an empty result, not an error", async () => {
    LIST().reply(200, list(OTHER), HAL);
    const r = await pipeline.read(String(ID), olds);
    expect(r.id).toBeFalsy();
    expect(r.props).toBeUndefined();
  });

  test("drift comes back in inputs, the won name only where the stack declares it, and the declared sort stays", async () => {
    LIST().reply(
      200,
      list(
        OTHER,
        livePipeline(
          { id: ID, name: "Sales (renamed)", sort: 30, is_main: true },
          systemStatuses(ID, INCOMING, "Paid out", "Lost out"),
        ),
      ),
      HAL,
    );
    const r = await pipeline.read(String(ID), olds);
    expect(r.inputs).toEqual({
      name: "Sales (renamed)",
      sort: 10,
      isMain: true,
      isUnsortedOn: true,
      wonStatusName: "Paid out",
    });
    expect(r.props).toMatchObject({
      assignedSort: 30,
      wonStatusLiveName: "Paid out",
      lostStatusLiveName: "Lost out",
      incomingStatusId: INCOMING,
    });
  });

  test("an undeclared isMain stays undeclared, whatever Kommo holds", async () => {
    LIST().reply(
      200,
      list(livePipeline({ id: ID, name: "Sales", sort: 10, is_main: true }, systemStatuses(ID, INCOMING, "Paid"))),
      HAL,
    );
    const r = await pipeline.read(String(ID), { ...olds, isMain: undefined });
    expect(r.inputs).not.toHaveProperty("isMain");
  });

  test("a failed list is an error, not a deleted pipeline", async () => {
    LIST().reply(403, problem("Forbidden"), PROBLEM);
    const e = await rejection(pipeline.read(String(ID), olds));
    expect(e.kind).toBe("forbidden");
    expect(e.message).toMatch(/list pipelines/);
  });

  describe("with KOMMO_BATCHING=off, each pipeline reads itself", () => {
    test("a pipeline deleted in Kommo reads as gone", async () => {
      api().get(PATH).reply(404, problem("Not found"), PROBLEM);
      const r = await withBatchingOff(() => pipeline.read(String(ID), olds));
      expect(r.id).toBeFalsy();
      expect(r.props).toBeUndefined();
    });

    test("drift comes back in inputs", async () => {
      api()
        .get(PATH)
        .reply(
          200,
          livePipeline(
            { id: ID, name: "Sales (renamed)", sort: 30, is_main: true },
            systemStatuses(ID, INCOMING, "Paid out", "Lost out"),
          ),
          HAL,
        );
      const r = await withBatchingOff(() => pipeline.read(String(ID), olds));
      expect(r.inputs).toEqual({
        name: "Sales (renamed)",
        sort: 10,
        isMain: true,
        isUnsortedOn: true,
        wonStatusName: "Paid out",
      });
    });
  });
});

describe("update", () => {
  test("PATCHes only the changed fields, in Kommo's names", async () => {
    api()
      .patch(PATH, { name: "Sales EU", is_unsorted_on: false })
      .reply(200, livePipeline({ id: ID, name: "Sales EU", sort: 10, is_unsorted_on: false }), HAL);
    const r = await pipeline.update(String(ID), olds, { ...declared, name: "Sales EU", isUnsortedOn: false });
    expect(r.outs).toEqual({ ...olds, name: "Sales EU", isUnsortedOn: false });
  });

  test("a new declared sort is sent as written, with no reading first, and Kommo's number is recorded as assignedSort", async () => {
    // The pipeline list is no longer read to place the number: offered, it must stay unread.
    const readings = counted(() => list(livePipeline({ id: ID, name: "Sales", sort: 10 }), OTHER));
    api().get(PIPELINES).optionally().reply(200, readings.reply, HAL);
    // Kommo may answer with a number of its own (the Russian reference answers 1000 to a requested 100).
    api()
      .patch(PATH, { sort: 25 })
      .reply(200, livePipeline({ id: ID, name: "Sales", sort: 1000 }), HAL);
    const r = await pipeline.update(String(ID), olds, { ...declared, sort: 25 });
    expect(r.outs).toMatchObject({ sort: 25, assignedSort: 1000 });
    expect(readings.hits.n).toBe(0);
  });

  test("a declared sort between the stack's other pipelines is sent as written, whatever their live numbers", async () => {
    // Another Pipeline of the stack, declared at 30 and numbered 200 by Kommo: it no longer bends the number sent.
    await pipeline.diff(
      String(ID + 1),
      { ...olds, pipelineId: ID + 1, name: "Other", sort: 30, assignedSort: 200 },
      { name: "Other", sort: 30 },
    );
    api()
      .patch(PATH, { sort: 5 })
      .reply(200, livePipeline({ id: ID, name: "Sales", sort: 5 }), HAL);
    expect((await pipeline.update(String(ID), olds, { ...declared, sort: 5 })).outs).toMatchObject({
      sort: 5,
      assignedSort: 5,
    });
  });

  test("a refresh that finds Kommo's own number for the declared sort leads to no PATCH", async () => {
    api()
      .get(PIPELINES)
      .reply(
        200,
        list(OTHER, livePipeline({ id: ID, name: "Sales", sort: 1000 }, systemStatuses(ID, INCOMING, "Paid"))),
        HAL,
      );
    const refreshed = await pipeline.read(String(ID), olds);
    expect(refreshed.inputs).toMatchObject({ sort: declared.sort });
    expect(refreshed.props).toMatchObject({ sort: declared.sort, assignedSort: 1000 });
    const after = refreshed.props as PipelineOutputs;
    expect(await pipeline.diff(String(ID), after, { ...declared })).toMatchObject({ changes: false });
    // Even asked to update with the same declaration, nothing is sent (useRuntime fails any request made).
    const r = await pipeline.update(String(ID), after, { ...declared });
    expect(r.outs).toMatchObject({ sort: declared.sort, assignedSort: 1000 });
  });

  test("Kommo's own number differing from the declared sort is not a change, and is never PATCHed", async () => {
    const renumbered = { ...olds, assignedSort: 1000 };
    expect(await pipeline.diff(String(ID), renumbered, { ...declared })).toMatchObject({ changes: false });
    // An update for another field sends only that field: no sort.
    api()
      .patch(PATH, { name: "Sales EU" })
      .reply(200, livePipeline({ id: ID, name: "Sales EU", sort: 1000 }), HAL);
    const r = await pipeline.update(String(ID), renumbered, { ...declared, name: "Sales EU" });
    expect(r.outs).toMatchObject({ sort: declared.sort, assignedSort: 1000 });
  });

  test("is_main is never sent unless declared, and an undeclared isMain leaves the outputs", async () => {
    api()
      .patch(PATH, { name: "Sales EU" })
      .reply(200, livePipeline({ id: ID, name: "Sales EU", sort: 10, is_main: true }), HAL);
    const r = await pipeline.update(
      String(ID),
      { ...olds, isMain: true },
      { name: "Sales EU", sort: 10, isUnsortedOn: true, wonStatusName: "Paid" },
    );
    expect(r.outs).not.toHaveProperty("isMain");
  });

  test("a declared isMain that differs is sent", async () => {
    api()
      .patch(PATH, { is_main: true })
      .reply(200, livePipeline({ id: ID, name: "Sales", sort: 10, is_main: true }), HAL);
    const r = await pipeline.update(String(ID), olds, { ...declared, isMain: true });
    expect(r.outs).toMatchObject({ isMain: true });
  });

  test("with nothing to change, sends nothing", async () => {
    expect((await pipeline.update(String(ID), olds, declared)).outs).toEqual(olds);
  });
});

describe("delete", () => {
  // Every delete first looks at the pipeline's leads: none here (see remove.test.ts for a pipeline that holds some).
  beforeEach(() => noLeadsIn(ID));

  test("204 is deleted", async () => {
    api().delete(PATH).reply(204);
    await expect(pipeline.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("404 means already gone, which is success", async () => {
    api().delete(PATH).reply(404, problem("Not found"), PROBLEM);
    await expect(pipeline.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("another 4xx is checked with a GET: a pipeline that is not there was deleted", async () => {
    api()
      .delete(PATH)
      .reply(
        400,
        problem("Request validation failed", [
          { request_id: "0", errors: [{ code: "NotSupportedChoice", path: "id" }] },
        ]),
        PROBLEM,
      );
    api().get(PATH).reply(404, problem("Not found"), PROBLEM);
    await expect(pipeline.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("a refused delete of a pipeline that is still there says why, what to do, and that nothing was deleted", async () => {
    api()
      .delete(PATH)
      .reply(
        400,
        problem(`Only pipelines without leads can be deleted: pipeline ${ID} still holds 3 lead(s)`, [
          {
            request_id: "0",
            errors: [{ code: "PipelineHasLeads", path: "id", detail: "A pipeline with leads cannot be deleted" }],
          },
        ]),
        PROBLEM,
      );
    api()
      .get(PATH)
      .reply(200, livePipeline({ id: ID, name: "Sales", sort: 10 }), HAL);
    const e = await rejection(pipeline.delete(String(ID), olds));
    expect(e.kind).toBe("validation");
    expect(e.message).toContain(`could not delete pipeline "Sales" (${ID}) (HTTP 400)`);
    expect(e.message).toContain("id: A pipeline with leads cannot be deleted [PipelineHasLeads]");
    expect(e.message).toContain(`Pipeline "Sales" (${ID}) was not deleted`);
    expect(e.message).toMatch(/still holds 3 lead/);
    expect(e.message).toMatch(/last pipeline/);
    expect(e.message).toMatch(/retainOnDelete/);
  });

  test("a failure that says nothing of the pipeline is not checked with a GET, nor dressed up as a refusal", async () => {
    api().delete(PATH).reply(402, problem("Payment required"), PROBLEM);
    const e = await rejection(pipeline.delete(String(ID), olds));
    expect(e.kind).toBe("payment_required");
    expect(e.message).not.toMatch(/retainOnDelete/);
  });
});

describe("statuses: read", () => {
  const NEW = 76000021;
  const QUALIFIED = 76000022;
  const HAND = 76000029;
  const stage = (id: number, name: string, sort: number, extra: Partial<LiveStatus> = {}) =>
    liveStatus(ID, { id, name, sort, ...extra });
  const live = (...stages: LiveStatus[]) =>
    list(livePipeline({ id: ID, name: "Sales", sort: 10 }, [...systemStatuses(ID, INCOMING, "Paid"), ...stages]));
  const withList: PipelineOutputs = {
    ...olds,
    statuses: [
      { key: "New", name: "New" },
      { key: "q", name: "Qualified", color: "#fff000" },
    ],
    statusIds: { New: NEW, q: QUALIFIED },
    liveStatuses: [
      { key: "New", statusId: NEW, name: "New", color: "#fffeb2", sort: 20 },
      { key: "q", statusId: QUALIFIED, name: "Qualified", color: "#fff000", sort: 30 },
    ],
  };

  test("a refresh costs one GET of the pipeline list; unchanged stages come back as declared", async () => {
    api()
      .get(PIPELINES)
      .reply(200, live(stage(NEW, "New", 20), stage(QUALIFIED, "Qualified", 30, { color: "#FFF000" })), HAL);
    const r = await pipeline.read(String(ID), withList);
    expect(r.inputs?.statuses).toEqual(withList.statuses);
    expect(r.props).toMatchObject({
      statusIds: withList.statusIds,
      liveStatuses: [withList.liveStatuses?.[0], { ...withList.liveStatuses?.[1], color: "#FFF000" }],
    });
    expect(
      (await pipeline.diff(String(ID), r.props as PipelineOutputs, { ...declared, statuses: withList.statuses }))
        .changes,
    ).toBe(false);
  });

  test("a stage added in Kommo by hand shows as an extra item keyed kommo:<id>, where Kommo has it", async () => {
    api()
      .get(PIPELINES)
      .reply(
        200,
        live(
          stage(NEW, "New", 20),
          stage(HAND, "Hand-made", 30),
          stage(QUALIFIED, "Qualified", 40, { color: "#fff000" }),
        ),
        HAL,
      );
    const r = await pipeline.read(String(ID), withList);
    expect(r.inputs?.statuses).toEqual([
      { key: "New", name: "New" },
      { key: `kommo:${HAND}`, name: "Hand-made" },
      { key: "q", name: "Qualified", color: "#fff000" },
    ]);
    expect(r.props?.statusIds).toEqual(withList.statusIds);
    expect(r.props?.liveStatuses?.map((l) => [l.key, l.statusId])).toEqual([
      ["New", NEW],
      [undefined, HAND],
      ["q", QUALIFIED],
    ]);
    expect(
      (await pipeline.diff(String(ID), r.props as PipelineOutputs, { ...declared, statuses: withList.statuses }))
        .changes,
    ).toBe(true);
  });

  test("a list reordered in Kommo by hand shows in Kommo's order", async () => {
    api()
      .get(PIPELINES)
      .reply(200, live(stage(QUALIFIED, "Qualified", 20, { color: "#fff000" }), stage(NEW, "New", 30)), HAL);
    const r = await pipeline.read(String(ID), withList);
    expect(r.inputs?.statuses).toEqual([
      { key: "q", name: "Qualified", color: "#fff000" },
      { key: "New", name: "New" },
    ]);
    expect(
      (await pipeline.diff(String(ID), r.props as PipelineOutputs, { ...declared, statuses: withList.statuses }))
        .changes,
    ).toBe(true);
  });

  test("a stage renamed or recolored in Kommo keeps its key and shows its new name and color; one deleted is gone from the list", async () => {
    api()
      .get(PIPELINES)
      .reply(200, live(stage(QUALIFIED, "Hot", 20, { color: "#98CBFF" })), HAL);
    const r = await pipeline.read(String(ID), withList);
    expect(r.inputs?.statuses).toEqual([{ key: "q", name: "Hot", color: "#98cbff" }]);
    expect(r.props?.statusIds).toEqual({ q: QUALIFIED });
  });

  test("a color the list leaves to Kommo stays undeclared", async () => {
    api()
      .get(PIPELINES)
      .reply(
        200,
        live(stage(NEW, "New", 20, { color: "#ff8f92" }), stage(QUALIFIED, "Qualified", 30, { color: "#fff000" })),
        HAL,
      );
    const r = await pipeline.read(String(ID), withList);
    expect(r.inputs?.statuses?.[0]).toEqual({ key: "New", name: "New" });
  });

  test("a list that manages descriptions reads them: one more GET, of the pipeline's statuses with descriptions", async () => {
    const described: PipelineOutputs = {
      ...withList,
      statuses: [
        { key: "New", name: "New", descriptions: [{ level: "newbie", description: "Call" }] },
        { key: "q", name: "Qualified", color: "#fff000", descriptions: [] },
      ],
    };
    api()
      .get(PIPELINES)
      .reply(200, live(stage(NEW, "New", 20), stage(QUALIFIED, "Qualified", 30, { color: "#fff000" })), HAL);
    api()
      .get(`${PATH}/statuses`)
      .query({ with: "descriptions" })
      .reply(
        200,
        statusList([
          ...systemStatuses(ID, INCOMING, "Paid"),
          stage(NEW, "New", 20, { descriptions: [{ id: 1, level: "newbie", description: "Call them" }] }),
          stage(QUALIFIED, "Qualified", 30, { color: "#fff000", descriptions: [] }),
        ]),
        HAL,
      );
    const r = await pipeline.read(String(ID), described);
    expect(r.inputs?.statuses).toEqual([
      { key: "New", name: "New", descriptions: [{ level: "newbie", description: "Call them" }] },
      { key: "q", name: "Qualified", color: "#fff000", descriptions: [] },
    ]);
  });

  test("stages of a pipeline read back that declares no list are recorded, and no list is made up", async () => {
    api()
      .get(PIPELINES)
      .reply(200, live(stage(NEW, "New", 20)), HAL);
    const r = await pipeline.read(String(ID), olds);
    expect(r.inputs).not.toHaveProperty("statuses");
    expect(r.props?.liveStatuses).toEqual([{ statusId: NEW, name: "New", color: "#fffeb2", sort: 20 }]);
    expect(r.props?.statusIds).toEqual({});
  });
});

describe("statuses: adoption", () => {
  const NEW = 76000031;
  const QUALIFIED = 76000032;
  const legacy = (qualifiedColor = "#fff000") =>
    list(
      livePipeline({ id: ID, name: "Legacy", sort: 5 }, [
        ...systemStatuses(ID, INCOMING),
        liveStatus(ID, { id: NEW, name: "New", sort: 20 }),
        liveStatus(ID, { id: QUALIFIED, name: "Qualified", sort: 30, color: qualifiedColor }),
      ]),
    );
  const stagesRead = (qualifiedColor = "#fff000") =>
    api()
      .get(`${PATH}/statuses`)
      .reply(
        200,
        statusList([
          ...systemStatuses(ID, INCOMING),
          liveStatus(ID, { id: NEW, name: "New", sort: 20 }),
          liveStatus(ID, { id: QUALIFIED, name: "Qualified", sort: 30, color: qualifiedColor }),
        ]),
        HAL,
      );
  const adopting = {
    adopt: { name: "Legacy" },
    name: "Legacy",
    sort: 5,
    statuses: [{ name: "New" }, { key: "q", name: "Qualified", color: "#fff000" as const }],
  };

  test("existing stages are matched by key or name, and when they match nothing is written", async () => {
    api().get(PIPELINES).reply(200, legacy(), HAL);
    stagesRead();
    const r = await pipeline.create(await checkedPipeline(adopting));
    expect(r.id).toBe(String(ID));
    expect(r.outs).toMatchObject({ statusIds: { New: NEW, q: QUALIFIED }, adopt: { name: "Legacy" } });
    expect((r.outs as PipelineOutputs).liveStatuses?.map((l: LiveStage) => l.key)).toEqual(["New", "q"]);
  });

  test("a stage that differs is brought to the list with one PATCH of what differs", async () => {
    api().get(PIPELINES).reply(200, legacy("#98cbff"), HAL);
    stagesRead("#98cbff");
    api()
      .patch(`${PATH}/statuses/${QUALIFIED}`, { name: "Qualified", color: "#fff000" })
      .reply(200, liveStatus(ID, { id: QUALIFIED, name: "Qualified", sort: 30, color: "#fff000" }), HAL);
    const r = await pipeline.create(await checkedPipeline(adopting));
    expect((r.outs as PipelineOutputs).liveStatuses?.[1]).toMatchObject({ key: "q", color: "#fff000" });
  });
});

describe("statuses: a pipeline that declares its list refuses Status resources", () => {
  const listed: PipelineOutputs = { ...olds, statuses: [{ key: "New", name: "New" }], statusIds: { New: 76000041 } };
  const refusal = new RegExp(
    `^pipelineId: pipeline ${ID} declares its stages in its \`statuses\` list[\\s\\S]*Add \\{ name: "Qualified" \\} to that Pipeline's statuses`,
  );

  test("known from diff: the Status create is refused by pipelineId, before any request", async () => {
    await pipeline.diff(String(ID), listed, { ...declared, statuses: listed.statuses });
    const e = await rejection(status.create({ pipelineId: ID, name: "Qualified", sort: 10 }));
    expect(e.message).toMatch(refusal);
  });

  test("known from a refresh", async () => {
    api()
      .get(PIPELINES)
      .reply(200, list(livePipeline({ id: ID, name: "Sales", sort: 10 }, systemStatuses(ID, INCOMING, "Paid"))), HAL);
    await pipeline.read(String(ID), listed);
    expect((await rejection(status.create({ pipelineId: ID, name: "Qualified", sort: 10 }))).message).toMatch(refusal);
  });

  test("a pipeline that stops declaring its list takes Status resources again", async () => {
    await pipeline.diff(String(ID), listed, { ...declared, statuses: listed.statuses });
    const r = await pipeline.update(String(ID), listed, declared);
    expect(r.outs).not.toHaveProperty("statuses");
    expect(r.outs).toMatchObject({ statusIds: {} });
    // Past the refusal, the create reads the pipeline to place the status: here, a pipeline that is gone.
    api().get(`${PATH}/statuses`).query({ with: "descriptions" }).reply(404, problem("Not found"), PROBLEM);
    const e = await rejection(status.create({ pipelineId: ID, name: "Qualified", sort: 10 }));
    expect(e.message).toMatch(new RegExp(`pipeline ${ID} does not exist`));
  });

  test("a pipeline that does not declare a list takes Status resources", async () => {
    await pipeline.diff(String(ID), olds, declared);
    api().get(`${PATH}/statuses`).query({ with: "descriptions" }).reply(404, problem("Not found"), PROBLEM);
    expect((await rejection(status.create({ pipelineId: ID, name: "Qualified", sort: 10 }))).message).toMatch(
      /does not exist/,
    );
  });
});
