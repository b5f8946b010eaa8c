import {
  ACCOUNT,
  HAL,
  PROBLEM,
  TOKEN,
  api,
  livePipeline,
  liveStatus,
  noLeadsIn,
  problem,
  rejection,
  systemStatuses,
} from "../support";
import {
  builtSerializedProvider,
  createdThrough,
  declaredOutputs,
  underMocks,
  useProviderProcess,
  valueOf,
  type Provider,
} from "./providerHost";
import type { PipelineArgs } from "../../../provider";

/** The Pipeline provider run as Pulumi's host runs it: loaded from the `__provider` a Pipeline registers. */

const host = useProviderProcess();

const PIPELINES = "/api/v4/leads/pipelines";
const ID = 7000001;
const INCOMING = 70000011;
const NEW = 70000021;
const QUALIFIED = 70000022;

const text = builtSerializedProvider("Pipeline");
/** Properties as the engine hands them to the provider: with the `__provider` they were registered with. */
const props = <T extends object>(p: T) => ({ ...p, __provider: text });

let provider: Provider;
beforeEach(async () => {
  provider = await host.current.provider(text);
});

/** Every create first reads the account's pipelines: what existed before tells a lost answer's pipeline apart. */
const pipelinesBefore = () =>
  api()
    .get(PIPELINES)
    .reply(200, { _total_items: 0, _embedded: { pipelines: [] } }, HAL);

const stages = [
  { name: "New", sort: 20 },
  { name: "Qualified", sort: 30, color: "#ffeab2" },
];
/** Kommo's answer to the create of Sales with its two stages and its won status named "Paid". */
const createdSales = (requestId: string) => ({
  _embedded: {
    pipelines: [
      livePipeline({ id: ID, name: "Sales", sort: 10, request_id: requestId }, [
        ...systemStatuses(ID, INCOMING, "Paid"),
        liveStatus(ID, { id: NEW, name: "New", sort: 20 }),
        liveStatus(ID, { id: QUALIFIED, name: "Qualified", sort: 30, color: "#ffeab2" }),
      ]),
    ],
  },
});

test("check fills the defaults, keeps __provider, and names each bad input", async () => {
  const ok = await provider.check({}, props({ name: "Sales", sort: 10, wonStatusName: "Paid" }));
  expect(ok.failures).toEqual([]);
  expect(ok.inputs).toEqual(props({ name: "Sales", sort: 10, wonStatusName: "Paid", isUnsortedOn: true }));
  const bad = await provider.check({}, props({ name: " ", sort: 1.5 }));
  expect(bad.failures?.map((f) => f.property).sort()).toEqual(["name", "sort"]);
});

test("diff reports a rename as an in-place change", async () => {
  const olds = props({
    name: "Sales",
    sort: 10,
    isUnsortedOn: true,
    pipelineId: ID,
    wonStatusLiveName: "Closed - won",
    lostStatusLiveName: "Closed - lost",
  });
  expect(await provider.diff(String(ID), olds, props({ name: "Sales EU", sort: 10 }))).toMatchObject({
    changes: true,
    replaces: [],
  });
  expect(await provider.diff(String(ID), olds, props({ name: "Sales", sort: 10 }))).toMatchObject({
    changes: false,
  });
});

test("create sends the pipeline with its stages and its won status's name in one POST", async () => {
  pipelinesBefore();
  api()
    .post(PIPELINES, [
      {
        name: "Sales",
        sort: 10,
        is_main: false,
        is_unsorted_on: true,
        _embedded: { statuses: [{ id: 142, name: "Paid" }, ...stages] },
        request_id: "0",
      },
    ])
    .reply(200, createdSales("0"), HAL);
  const declared = props({
    name: "Sales",
    sort: 10,
    wonStatusName: "Paid",
    statuses: [{ name: "New" }, { name: "Qualified", color: "#ffeab2" }],
  });
  const checked = await provider.check({}, declared);
  const created = await provider.create(checked.inputs);
  expect(created.id).toBe(String(ID));
  expect(created.outs).toMatchObject({
    pipelineId: ID,
    accountId: ACCOUNT,
    isArchive: false,
    incomingStatusId: INCOMING,
    wonStatusId: 142,
    lostStatusId: 143,
    wonStatusLiveName: "Paid",
    lostStatusLiveName: "Closed - lost",
    assignedSort: 10,
    statusIds: { New: NEW, Qualified: QUALIFIED },
  });
  expect(created.outs.liveStatuses).toMatchObject([
    { key: "New", statusId: NEW, name: "New", sort: 20 },
    { key: "Qualified", statusId: QUALIFIED, name: "Qualified", color: "#ffeab2", sort: 30 },
  ]);
});

test("a Pipeline in a program gets every output it declares from a create through its provider", async () => {
  pipelinesBefore();
  api()
    .post(PIPELINES, [
      {
        name: "Sales",
        sort: 10,
        is_main: false,
        is_unsorted_on: true,
        _embedded: { statuses: [{ id: 142, name: "Paid" }, { id: 143, name: "Closed - lost" }, ...stages] },
        request_id: "0",
      },
    ])
    .reply(200, createdSales("0"), HAL);
  const args: PipelineArgs = {
    name: "Sales",
    sort: 10,
    isMain: false,
    isUnsortedOn: true,
    wonStatusName: "Paid",
    lostStatusName: "Closed - lost",
    statuses: [{ name: "New" }, { name: "Qualified", color: "#ffeab2" }],
  };
  const engine = createdThrough(host.current);
  const { registered, resources } = await underMocks((kommo) => [new kommo.Pipeline("sales", args)], engine.answer);
  const outs = engine.state.get("sales")!;
  const [pipeline] = resources;
  const declared = declaredOutputs(pipeline!);
  expect(Object.keys(declared).sort()).toEqual(Object.keys(outs).sort());
  // What the class registers beyond the program's inputs is what the provider computes; pipelineId is the class's
  // own output, derived from the resource id.
  const computed = Object.keys(declared).filter((k) => !(k in registered[0]!.inputs) && k !== "pipelineId");
  expect(computed.sort()).toEqual([
    "accountId",
    "assignedSort",
    "incomingStatusId",
    "isArchive",
    "liveStatuses",
    "lostStatusId",
    "lostStatusLiveName",
    "statusIds",
    "wonStatusId",
    "wonStatusLiveName",
  ]);
  for (const [key, output] of Object.entries(declared)) expect([key, await valueOf(output)]).toEqual([key, outs[key]]);
  expect(await valueOf(declared.pipelineId!)).toBe(ID);
});

test("read returns what Kommo holds as the new inputs, from the pipeline list", async () => {
  const pipelines = [
    livePipeline({ id: ID, name: "Sales (renamed in Kommo)", sort: 10 }, systemStatuses(ID, INCOMING, "Paid")),
  ];
  api().get(PIPELINES).reply(200, { _total_items: 1, _embedded: { pipelines } }, HAL);
  const olds = props({ name: "Sales", sort: 10, isUnsortedOn: true, wonStatusName: "Paid", pipelineId: ID });
  const r = await provider.read(String(ID), olds);
  expect(r.id).toBe(String(ID));
  expect(r.inputs).toEqual({ name: "Sales (renamed in Kommo)", sort: 10, isUnsortedOn: true, wonStatusName: "Paid" });
  expect(r.props).toMatchObject({ name: "Sales (renamed in Kommo)", pipelineId: ID, wonStatusLiveName: "Paid" });
});

test("read of a pipeline gone from Kommo returns no id, so the engine drops it", async () => {
  api()
    .get(PIPELINES)
    .reply(200, { _total_items: 0, _embedded: { pipelines: [] } }, HAL);
  const r = await provider.read(String(ID), props({ name: "Sales", sort: 10, pipelineId: ID }));
  expect(r.id).toBeUndefined();
});

test("update PATCHes only what changed", async () => {
  api()
    .patch(`${PIPELINES}/${ID}`, { name: "Sales EU" })
    .reply(200, livePipeline({ id: ID, name: "Sales EU", sort: 10 }), HAL);
  const olds = props({ name: "Sales", sort: 10, isUnsortedOn: true, pipelineId: ID, isArchive: false });
  const u = await provider.update(String(ID), olds, props({ name: "Sales EU", sort: 10, isUnsortedOn: true }));
  expect(u.outs).toMatchObject({ name: "Sales EU", pipelineId: ID, assignedSort: 10 });
});

test("delete sends DELETE, and a refusal says what to do", async () => {
  noLeadsIn(ID);
  api().delete(`${PIPELINES}/${ID}`).reply(204);
  await provider.delete(String(ID), props({ name: "Sales", pipelineId: ID }));
  // The lead check found none (a lead added since, or a Kommo that lists leads otherwise): the DELETE says why.
  noLeadsIn(ID);
  api().delete(`${PIPELINES}/${ID}`).reply(400, problem("The pipeline has leads"), PROBLEM);
  // Kommo's answer to deleting what is already gone is not settled, so a 400 is checked with a read: still there.
  api()
    .get(`${PIPELINES}/${ID}`)
    .reply(200, livePipeline({ id: ID, name: "Sales", sort: 10 }), HAL);
  const e = await rejection(provider.delete(String(ID), props({ name: "Sales", pipelineId: ID })));
  expect(e.message).toContain(`Pipeline "Sales" (${ID}) was not deleted`);
  expect(e.message).toMatch(/retainOnDelete/);
  expect(e.message).not.toContain(TOKEN);
});
