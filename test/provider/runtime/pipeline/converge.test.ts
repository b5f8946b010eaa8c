import { pipeline, status } from "../../../../provider/runtime";
import { MAX_ROUNDS } from "../../../../provider/runtime/pipeline/converge";
import type { LiveStage, PipelineOutputs, Stage, StageInput } from "../../../../provider/runtime/types";
import {
  ACCOUNT,
  HAL,
  PROBLEM,
  api,
  livePipeline,
  liveStatus,
  problem,
  rejection,
  statusList,
  systemStatuses,
  type LiveStatus,
} from "../../support";
import { bodyOf, checkedPipeline, useRuntime } from "../support";

/**
 * Pipeline.statuses through the runtime: how a declared stage list is created and brought back to what is declared,
 * counted request by request. Every mock is used once, and any request no mock expects fails the test by name.
 */

useRuntime();

const P = 7800001;
const INCOMING = 78000011;
const PIPELINES = "/api/v4/leads/pipelines";
const PATH = `${PIPELINES}/${P}`;
const STATUSES = `${PATH}/statuses`;

const NEW = 78000021;
const QUALIFIED = 78000022;
const PROPOSAL = 78000023;
const CLOSING = 78000024;
const DEMO = 78000025;

const stage = (id: number, name: string, sort: number, extra: Partial<LiveStatus> = {}) =>
  liveStatus(P, { id, name, sort, ...extra });
/** The pipeline's statuses as Kommo lists them: the system ones and these regular stages. */
const listed = (...stages: LiveStatus[]) => statusList([...systemStatuses(P, INCOMING), ...stages]);
const readBack = () => api().get(STATUSES);
const leadsLookup = () =>
  api()
    .get("/api/v4/leads")
    .query({ "filter[pipeline_id]": String(P), limit: "250" });
const patched = (id: number, name: string, sort: number, extra: Partial<LiveStatus> = {}) =>
  stage(id, name, sort, extra);

describe("create", () => {
  const answer = (...stages: LiveStatus[]) => ({
    _embedded: {
      pipelines: [
        livePipeline({ id: P, name: "Sales", sort: 10, request_id: "0" }, [
          ...systemStatuses(P, INCOMING, "Paid"),
          ...stages,
        ]),
      ],
    },
  });
  const snapshot = () =>
    api()
      .get(PIPELINES)
      .reply(200, { _embedded: { pipelines: [] } }, HAL);

  test("one POST carries the stages in declared order with increasing sorts; an answer in that order needs nothing more", async () => {
    snapshot();
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
              { name: "New", sort: 20 },
              { name: "Qualified", sort: 30, color: "#fff000" },
              { name: "Proposal", sort: 40 },
            ],
          },
          request_id: "0",
        },
      ])
      .reply(
        200,
        answer(
          stage(NEW, "New", 20),
          stage(QUALIFIED, "Qualified", 30, { color: "#fff000" }),
          stage(PROPOSAL, "Proposal", 40),
        ),
        HAL,
      );
    const r = await pipeline.create(
      await checkedPipeline({
        name: "Sales",
        sort: 10,
        wonStatusName: "Paid",
        statuses: [{ name: "New" }, { key: "q", name: "Qualified", color: "#FFF000" }, { name: "Proposal" }],
      }),
    );
    expect(r.id).toBe(String(P));
    expect(r.outs).toMatchObject({
      statuses: [
        { key: "New", name: "New" },
        { key: "q", name: "Qualified", color: "#fff000" },
        { key: "Proposal", name: "Proposal" },
      ],
      statusIds: { New: NEW, q: QUALIFIED, Proposal: PROPOSAL },
      liveStatuses: [
        { key: "New", statusId: NEW, name: "New", sort: 20 },
        { key: "q", statusId: QUALIFIED, name: "Qualified", color: "#fff000", sort: 30 },
        { key: "Proposal", statusId: PROPOSAL, name: "Proposal", sort: 40 },
      ],
      incomingStatusId: INCOMING,
      wonStatusLiveName: "Paid",
    });
    // The pipeline owns its stages from now on.
    expect((await rejection(status.create({ pipelineId: P, name: "Extra", sort: 10 }))).message).toMatch(
      /declares its stages/,
    );
  });

  test("the answer's order is checked: a stage Kommo put at the end is moved with one sort PATCH, and the order read back", async () => {
    snapshot();
    api()
      .post(
        PIPELINES,
        (body) => body[0]._embedded.statuses.map((s: { name: string }) => s.name).join() === "New,Qualified,Proposal",
      )
      // Kommo appended "New" after the others instead of placing it by its sort.
      .reply(
        200,
        answer(stage(QUALIFIED, "Qualified", 20), stage(PROPOSAL, "Proposal", 30), stage(NEW, "New", 40)),
        HAL,
      );
    // Before "Qualified" (20), after the incoming status (10).
    api()
      .patch(
        `${STATUSES}/${NEW}`,
        (body) =>
          Object.keys(body).sort().join() === "name,sort" && body.name === "New" && body.sort > 10 && body.sort < 20,
      )
      .reply(200, patched(NEW, "New", 20), HAL);
    readBack().reply(
      200,
      listed(stage(NEW, "New", 20), stage(QUALIFIED, "Qualified", 30), stage(PROPOSAL, "Proposal", 40)),
      HAL,
    );
    const r = await pipeline.create(
      await checkedPipeline({
        name: "Sales",
        sort: 10,
        statuses: [{ name: "New" }, { name: "Qualified" }, { name: "Proposal" }],
      }),
    );
    expect((r.outs as PipelineOutputs).liveStatuses?.map((l: LiveStage) => [l.key, l.sort])).toEqual([
      ["New", 20],
      ["Qualified", 30],
      ["Proposal", 40],
    ]);
  });

  const describedPost = () =>
    api()
      .post(
        PIPELINES,
        (body) =>
          JSON.stringify(body[0]._embedded.statuses) ===
          JSON.stringify([
            { name: "New", sort: 20, descriptions: [{ level: "newbie", description: "Call within a day" }] },
            { name: "Qualified", sort: 30 },
          ]),
      )
      // Kommo's answer may leave the descriptions out (the English reference's examples do).
      .reply(200, answer(stage(NEW, "New", 20), stage(QUALIFIED, "Qualified", 30)), HAL);
  const describedDeclared = () =>
    checkedPipeline({
      name: "Sales",
      sort: 10,
      statuses: [
        { name: "New", descriptions: [{ level: "newbie", description: "Call within a day" }] },
        { name: "Qualified" },
      ],
    });

  test("descriptions go in the create POST, inside each stage; an answer without them is checked by one read", async () => {
    snapshot();
    describedPost();
    readBack()
      .query({ with: "descriptions" })
      .reply(
        200,
        listed(
          stage(NEW, "New", 20, { descriptions: [{ id: 5, level: "newbie", description: "Call within a day" }] }),
          stage(QUALIFIED, "Qualified", 30, { descriptions: [] }),
        ),
        HAL,
      );
    const r = await pipeline.create(await describedDeclared());
    // As Kommo holds them, with its ids.
    expect((r.outs as PipelineOutputs).liveStatuses?.map((l) => l.descriptions)).toEqual([
      [{ id: 5, level: "newbie", description: "Call within a day" }],
      [],
    ]);
  });

  test("descriptions a Kommo dropped from the create are written by PATCH in the same create, and read back", async () => {
    snapshot();
    describedPost();
    readBack()
      .query({ with: "descriptions" })
      .reply(
        200,
        listed(stage(NEW, "New", 20, { descriptions: [] }), stage(QUALIFIED, "Qualified", 30, { descriptions: [] })),
        HAL,
      );
    api()
      .patch(`${STATUSES}/${NEW}`, {
        name: "New",
        descriptions: [{ level: "newbie", description: "Call within a day" }],
      })
      .reply(200, patched(NEW, "New", 20), HAL);
    readBack()
      .query({ with: "descriptions" })
      .reply(
        200,
        listed(
          stage(NEW, "New", 20, { descriptions: [{ id: 6, level: "newbie", description: "Call within a day" }] }),
          stage(QUALIFIED, "Qualified", 30, { descriptions: [] }),
        ),
        HAL,
      );
    const r = await pipeline.create(await describedDeclared());
    expect((r.outs as PipelineOutputs).liveStatuses?.[0]?.descriptions).toEqual([
      { id: 6, level: "newbie", description: "Call within a day" },
    ]);
  });

  test("a description created with the pipeline, then edited: the create's check learns Kommo's ids, and the edit PATCHes by id", async () => {
    snapshot();
    api()
      .post(PIPELINES, (body) =>
        body[0]._embedded.statuses.some(
          (st: { name: string; descriptions?: unknown }) =>
            st.name === "New" &&
            JSON.stringify(st.descriptions) === JSON.stringify([{ level: "newbie", description: "Call" }]),
        ),
      )
      .reply(200, answer(stage(NEW, "New", 20), stage(QUALIFIED, "Qualified", 30)), HAL);
    const declared = (text: string): StageInput[] => [
      { name: "New", descriptions: [{ level: "newbie", description: text }] },
      { name: "Qualified" },
    ];
    // The answer does not show the description: the create reads the stages back, and learns its id.
    readBack()
      .query({ with: "descriptions" })
      .reply(
        200,
        listed(
          stage(NEW, "New", 20, { descriptions: [{ id: 5, level: "newbie", description: "Call" }] }),
          stage(QUALIFIED, "Qualified", 30, { descriptions: [] }),
        ),
        HAL,
      );
    const made = await pipeline.create(await checkedPipeline({ name: "Sales", sort: 10, statuses: declared("Call") }));

    // The edit: the id is known, so no reading comes first.
    api()
      .patch(`${STATUSES}/${NEW}`, {
        name: "New",
        descriptions: [{ id: 5, level: "newbie", description: "Call within a day" }],
      })
      .reply(200, patched(NEW, "New", 20), HAL);
    // And the result read back, as after every description write.
    readBack()
      .query({ with: "descriptions" })
      .reply(
        200,
        listed(
          stage(NEW, "New", 20, { descriptions: [{ id: 5, level: "newbie", description: "Call within a day" }] }),
          stage(QUALIFIED, "Qualified", 30, { descriptions: [] }),
        ),
        HAL,
      );
    const u = await pipeline.update(
      String(P),
      made.outs as PipelineOutputs,
      await checkedPipeline({ name: "Sales", sort: 10, statuses: declared("Call within a day") }),
    );
    expect((u.outs as PipelineOutputs).liveStatuses?.[0]?.descriptions).toEqual([
      { id: 5, level: "newbie", description: "Call within a day" },
    ]);
  });

  test("a stage write that fails after the pipeline exists fails the create, with the pipeline's id and outputs so the engine keeps it", async () => {
    snapshot();
    api()
      .post(PIPELINES)
      .reply(200, answer(stage(QUALIFIED, "Qualified", 20), stage(NEW, "New", 30)), HAL);
    // Whichever stage is moved, Kommo refuses the move.
    api()
      .patch(new RegExp(`^${STATUSES}/(${NEW}|${QUALIFIED})$`))
      .reply(400, problem("Request validation failed"), PROBLEM);
    const e = (await rejection(
      pipeline.create(
        await checkedPipeline({ name: "Sales", sort: 10, statuses: [{ name: "New" }, { name: "Qualified" }] }),
      ),
    )) as Error & {
      id?: string;
      properties?: PipelineOutputs;
    };
    expect(e.message).toMatch(
      new RegExp(
        `^Kommo: could not update status ("(New|Qualified)" \\()?\\d+\\)? in pipeline ${P}\\b.*\\(HTTP 400\\)`,
      ),
    );
    expect(e.id).toBe(String(P));
    expect(e.properties).toMatchObject({ pipelineId: P, name: "Sales", accountId: ACCOUNT });
  });
});

describe("update", () => {
  const fields = { name: "Sales", sort: 10 };
  const declaredList: Stage[] = [
    { key: "New", name: "New" },
    { key: "q", name: "Qualified" },
    { key: "Proposal", name: "Proposal" },
  ];
  const liveOf = (...stages: [key: string | undefined, id: number, name: string, sort: number][]): LiveStage[] =>
    stages.map(([key, statusId, name, sort]) => ({ ...(key ? { key } : {}), statusId, name, color: "#fffeb2", sort }));
  /** What the resource held after its last up: made anew for each test, since an update may edit what it is given. */
  const state = (): PipelineOutputs => ({
    ...fields,
    isUnsortedOn: true,
    statuses: declaredList,
    pipelineId: P,
    isArchive: false,
    accountId: ACCOUNT,
    incomingStatusId: INCOMING,
    wonStatusId: 142,
    lostStatusId: 143,
    wonStatusLiveName: "Closed - won",
    lostStatusLiveName: "Closed - lost",
    assignedSort: 10,
    statusIds: { New: NEW, q: QUALIFIED, Proposal: PROPOSAL },
    liveStatuses: liveOf(
      ["New", NEW, "New", 20],
      ["q", QUALIFIED, "Qualified", 30],
      ["Proposal", PROPOSAL, "Proposal", 40],
    ),
  });
  const update = async (statuses: StageInput[], from: PipelineOutputs = state()) =>
    (await pipeline.update(String(P), from, await checkedPipeline({ ...fields, statuses }))).outs as PipelineOutputs;
  const order = (outs: PipelineOutputs) => outs.liveStatuses?.map((l) => l.name);

  test("nothing declared differs: no request at all", async () => {
    const outs = await update(declaredList);
    expect(outs.statusIds).toEqual(state().statusIds);
    expect(outs.liveStatuses).toEqual(state().liveStatuses);
  });

  test("a rename by key is one PATCH of the name; the stage, its id and its leads stay", async () => {
    api()
      .patch(`${STATUSES}/${QUALIFIED}`, { name: "Hot" })
      .reply(200, patched(QUALIFIED, "Hot", 30), HAL);
    const outs = await update([{ name: "New" }, { key: "q", name: "Hot" }, { name: "Proposal" }]);
    expect(outs.statusIds).toEqual(state().statusIds);
    expect(outs.statuses?.[1]).toEqual({ key: "q", name: "Hot" });
    expect(order(outs)).toEqual(["New", "Hot", "Proposal"]);
  });

  test("a recolor is one PATCH of the color, in Kommo's case", async () => {
    api()
      .patch(`${STATUSES}/${QUALIFIED}`, { name: "Qualified", color: "#98cbff" })
      .reply(200, patched(QUALIFIED, "Qualified", 30, { color: "#98cbff" }), HAL);
    const outs = await update([
      { name: "New" },
      { key: "q", name: "Qualified", color: "#98CBFF" as never },
      { name: "Proposal" },
    ]);
    expect(outs.liveStatuses?.[1]).toMatchObject({ key: "q", color: "#98cbff" });
  });

  test("a stage inserted in the middle is one POST, between its neighbours, and one GET that checks where Kommo put it", async () => {
    api()
      .post(STATUSES, (body) => body.length === 1 && body[0].name === "Demo" && body[0].sort > 20 && body[0].sort < 30)
      .reply(
        200,
        (_uri, body) =>
          statusList([stage(DEMO, "Demo", bodyOf<{ sort: number }[]>(body)[0]?.sort ?? 0, { request_id: "0" })]),
        HAL,
      );
    readBack().reply(
      200,
      listed(
        stage(NEW, "New", 20),
        stage(DEMO, "Demo", 30),
        stage(QUALIFIED, "Qualified", 40),
        stage(PROPOSAL, "Proposal", 50),
      ),
      HAL,
    );
    const outs = await update([
      { name: "New" },
      { name: "Demo" },
      { key: "q", name: "Qualified" },
      { name: "Proposal" },
    ]);
    expect(outs.statusIds).toEqual({ ...state().statusIds, Demo: DEMO });
    expect(order(outs)).toEqual(["New", "Demo", "Qualified", "Proposal"]);
  });

  test("a stage removed from the list is one DELETE, after one look at the pipeline's leads", async () => {
    leadsLookup().reply(204);
    api().delete(`${STATUSES}/${QUALIFIED}`).reply(204);
    const outs = await update([{ name: "New" }, { name: "Proposal" }]);
    expect(outs.statusIds).toEqual({ New: NEW, Proposal: PROPOSAL });
    expect(order(outs)).toEqual(["New", "Proposal"]);
  });

  test("a removed stage that held leads is reported: which leads Kommo moved, and where", async () => {
    const lead = (id: number, status_id: number) => ({ id, status_id, pipeline_id: P });
    leadsLookup().reply(200, { _embedded: { leads: [lead(1, QUALIFIED), lead(2, NEW)] } }, HAL);
    api().delete(`${STATUSES}/${QUALIFIED}`).reply(204);
    api()
      .get("/api/v4/leads")
      .query({ "filter[id][0]": "1", limit: "250" })
      .reply(200, { _embedded: { leads: [lead(1, NEW)] } }, HAL);
    readBack().reply(200, listed(stage(NEW, "New", 20), stage(PROPOSAL, "Proposal", 30)), HAL);
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await update([{ name: "New" }, { name: "Proposal" }]);
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        `kommo: status "Qualified" (${QUALIFIED}) of pipeline ${P} held 1 lead; Kommo moved them to "New" (status ${NEW}). Leads: 1.`,
      ]);
    } finally {
      errors.mockRestore();
    }
  });

  test("a reorder that one move can make is one sort PATCH of that stage only, and one GET", async () => {
    // New goes last: Qualified and Proposal, already in order, stay where they are.
    api()
      .patch(
        `${STATUSES}/${NEW}`,
        (body) => Object.keys(body).sort().join() === "name,sort" && body.name === "New" && body.sort > 40,
      )
      .reply(200, (_uri, body) => patched(NEW, "New", bodyOf<{ sort: number }>(body).sort), HAL);
    readBack().reply(
      200,
      listed(stage(QUALIFIED, "Qualified", 30), stage(PROPOSAL, "Proposal", 40), stage(NEW, "New", 50)),
      HAL,
    );
    const outs = await update([{ key: "q", name: "Qualified" }, { name: "Proposal" }, { name: "New" }]);
    expect(order(outs)).toEqual(["Qualified", "Proposal", "New"]);
    expect(outs.statuses?.map((st) => st.key)).toEqual(["q", "Proposal", "New"]);
  });

  test("a reorder PATCHes only the stages off the longest run already in order", async () => {
    const three = state();
    const four: PipelineOutputs = {
      ...three,
      statuses: [...declaredList, { key: "Closing", name: "Closing" }],
      statusIds: { ...three.statusIds, Closing: CLOSING },
      liveStatuses: [...(three.liveStatuses ?? []), ...liveOf(["Closing", CLOSING, "Closing", 50])],
    };
    // Kommo: New, Qualified, Proposal, Closing. Declared: Qualified, New, Closing, Proposal. Qualified and Closing
    // are one longest run in order, so New and Proposal move, and nothing else does. Each move carries its own name.
    const moved: number[] = [];
    const namesSent: string[] = [];
    api()
      .patch(new RegExp(`^${STATUSES}/(${NEW}|${PROPOSAL})$`), (body) => {
        namesSent.push(body.name);
        return Object.keys(body).sort().join() === "name,sort";
      })
      .times(2)
      .reply(
        200,
        (uri, body) => {
          const id = Number(uri.split("/").pop());
          moved.push(id);
          return patched(id, id === NEW ? "New" : "Proposal", bodyOf<{ sort: number }>(body).sort);
        },
        HAL,
      );
    readBack().reply(
      200,
      listed(
        stage(QUALIFIED, "Qualified", 30),
        stage(NEW, "New", 35),
        stage(CLOSING, "Closing", 50),
        stage(PROPOSAL, "Proposal", 60),
      ),
      HAL,
    );
    const outs = await update(
      [{ key: "q", name: "Qualified" }, { name: "New" }, { name: "Closing" }, { name: "Proposal" }],
      four,
    );
    expect(moved.sort()).toEqual([NEW, PROPOSAL]);
    expect(namesSent.sort()).toEqual(["New", "Proposal"]);
    expect(order(outs)).toEqual(["Qualified", "New", "Closing", "Proposal"]);
  });

  test("a stage added in Kommo by hand is deleted: the list is authoritative", async () => {
    const HAND = 78000029;
    // As a refresh records it: Kommo's stages in Kommo's order, the hand-made one without a key.
    const refreshed: PipelineOutputs = {
      ...state(),
      statuses: [...declaredList.slice(0, 2), { key: `kommo:${HAND}`, name: "Hand-made" }, declaredList[2]],
      liveStatuses: liveOf(
        ["New", NEW, "New", 20],
        ["q", QUALIFIED, "Qualified", 30],
        [undefined, HAND, "Hand-made", 35],
        ["Proposal", PROPOSAL, "Proposal", 40],
      ),
    };
    leadsLookup().reply(204);
    api().delete(`${STATUSES}/${HAND}`).reply(204);
    const outs = await update(declaredList, refreshed);
    expect(order(outs)).toEqual(["New", "Qualified", "Proposal"]);
  });

  test("declaring a list on a pipeline that had none reads its stages first, and makes Kommo's stages the declared ones", async () => {
    const PLACEHOLDER = 78000028;
    const fromStatuses: PipelineOutputs = { ...state(), statuses: undefined, statusIds: {}, liveStatuses: [] };
    readBack().reply(200, listed(stage(PLACEHOLDER, "New stage (managed by Pulumi)", 20), stage(NEW, "New", 30)), HAL);
    leadsLookup().reply(204);
    api().delete(`${STATUSES}/${PLACEHOLDER}`).reply(204);
    // "New" exists and is kept; "Qualified" follows it.
    api()
      .post(STATUSES, (body) => body.length === 1 && body[0].name === "Qualified" && body[0].sort > 30)
      .reply(200, statusList([stage(QUALIFIED, "Qualified", 40, { request_id: "0" })]), HAL);
    readBack().reply(200, listed(stage(NEW, "New", 20), stage(QUALIFIED, "Qualified", 30)), HAL);
    const outs = await update([{ name: "New" }, { name: "Qualified" }], fromStatuses);
    expect(outs.statusIds).toEqual({ New: NEW, Qualified: QUALIFIED });
    expect(order(outs)).toEqual(["New", "Qualified"]);
  });

  test(`a Kommo that keeps putting a stage elsewhere fails the update after ${MAX_ROUNDS} rounds, saying what is declared and what Kommo has`, async () => {
    // Each move is answered as made, and each reading shows it undone.
    api()
      .patch(`${STATUSES}/${NEW}`)
      .times(MAX_ROUNDS)
      .reply(200, (_uri, body) => patched(NEW, "New", bodyOf<{ sort: number }>(body).sort), HAL);
    readBack()
      .times(MAX_ROUNDS)
      .reply(
        200,
        listed(stage(NEW, "New", 20), stage(QUALIFIED, "Qualified", 30), stage(PROPOSAL, "Proposal", 40)),
        HAL,
      );
    const e = await rejection(update([{ key: "q", name: "Qualified" }, { name: "Proposal" }, { name: "New" }]));
    expect(e.message).toBe(
      `Kommo did not keep the declared stages of pipeline ${P} after ${MAX_ROUNDS} rounds of changes. Declared: "Qualified", "Proposal", "New"; in Kommo now: "New", "Qualified", "Proposal" (3 matched). Run \`pulumi up\` again; if this repeats, report it with this message.`,
    );
  });
});
