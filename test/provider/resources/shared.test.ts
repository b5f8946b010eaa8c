import { ACCOUNT, HAL, TEST_CONFIG, api, configRequest, isolateKommoEnv, livePipeline, liveStatus, statusList, systemStatuses, useNock } from "../support";
import {
  compiledProvider,
  compiledRuntimeModule,
  deserializeLikeProviderHost,
  freshProviderProcess,
  resetCompiledViews,
  serializeLikeDynamicResource,
  type Provider,
} from "./serialized";

/**
 * Every resource carries its own serialized provider, so one `pulumi up` runs many distinct provider objects in one
 * process. Batches, shared reads and what the process knows of a pipeline must live where all of them meet: these
 * tests deserialize a provider per resource, as the provider host does, and count the requests they make together.
 */

useNock();
isolateKommoEnv();

const PIPELINES = "/api/v4/leads/pipelines";
const A = 7200001;
const B = 7200002;
const incomingOf = (p: number) => p + 50_000_000;
const fresh = (p: number) => systemStatuses(p, incomingOf(p));

let pipelineText: string;
let statusText: string;
/** One provider object per resource: two pipelines and three statuses. */
let pipelines: Provider[];
let statuses: Provider[];

beforeAll(async () => {
  pipelineText = (await serializeLikeDynamicResource(compiledProvider("pipeline"))).text;
  statusText = (await serializeLikeDynamicResource(compiledProvider("status"))).text;
  freshProviderProcess();
  pipelines = [deserializeLikeProviderHost(pipelineText), deserializeLikeProviderHost(pipelineText)];
  statuses = [deserializeLikeProviderHost(statusText), deserializeLikeProviderHost(statusText), deserializeLikeProviderHost(statusText)];
  for (const p of [...pipelines, ...statuses]) await p.configure(configRequest(TEST_CONFIG));
});
beforeEach(() => resetCompiledViews());

const pipelineState = (id: number, name: string, sort: number) => ({
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

test("distinct provider objects share one batch, and the statuses of the pipelines they created are placed unread", async () => {
  expect(pipelines[0]).not.toBe(pipelines[1]);
  api()
    .post(PIPELINES, [
      { name: "Sales", sort: 10, is_main: false, is_unsorted_on: true, request_id: "0" },
      { name: "Support", sort: 20, is_main: false, is_unsorted_on: true, request_id: "1" },
    ])
    .reply(
      200,
      {
        _embedded: {
          pipelines: [
            livePipeline({ id: A, name: "Sales", sort: 10, request_id: "0" }, fresh(A)),
            livePipeline({ id: B, name: "Support", sort: 20, request_id: "1" }, fresh(B)),
          ],
        },
      },
      HAL,
    );
  const [sales, support] = await Promise.all([pipelines[0].create({ name: "Sales", sort: 10 }), pipelines[1].create({ name: "Support", sort: 20 })]);
  expect([sales.id, support.id]).toEqual([String(A), String(B)]);

  // No GET before either POST: the pipeline providers' creates told the status providers what each pipeline holds.
  api()
    .post(`${PIPELINES}/${A}/statuses`, [
      { name: "New", sort: 20, request_id: "0" },
      { name: "Qualified", sort: 30, request_id: "1" },
    ])
    .reply(
      200,
      statusList([
        liveStatus(A, { id: 72000011, name: "New", sort: 20, request_id: "0" }),
        liveStatus(A, { id: 72000012, name: "Qualified", sort: 30, request_id: "1" }),
      ]),
      HAL,
    );
  api()
    .post(`${PIPELINES}/${B}/statuses`, [{ name: "Open", sort: 20, request_id: "0" }])
    .reply(200, statusList([liveStatus(B, { id: 72000021, name: "Open", sort: 20, request_id: "0" })]), HAL);
  const made = await Promise.all([
    statuses[0].create({ pipelineId: A, name: "New", sort: 10 }),
    statuses[1].create({ pipelineId: B, name: "Open", sort: 10 }),
    statuses[2].create({ pipelineId: A, name: "Qualified", sort: 20 }),
  ]);
  expect(made.map((r) => r.id)).toEqual(["72000011", "72000021", "72000012"]);
});

test("distinct provider objects share one read of the pipeline list", async () => {
  const list = { _embedded: { pipelines: [livePipeline({ id: A, name: "Sales", sort: 10 }, fresh(A)), livePipeline({ id: B, name: "Support", sort: 20 }, fresh(B))] } };
  api().get(PIPELINES).reply(200, list, HAL);
  const reads = await Promise.all([pipelines[0].read(String(A), pipelineState(A, "Sales", 10)), pipelines[1].read(String(B), pipelineState(B, "Support", 20))]);
  expect(reads.map((r) => r.id)).toEqual([String(A), String(B)]);
  // resetCompiledViews reaches the runtime these providers use: after it, the list is read again.
  resetCompiledViews();
  api().get(PIPELINES).reply(200, list, HAL);
  expect((await pipelines[0].read(String(A), pipelineState(A, "Sales", 10))).id).toBe(String(A));
});

test("the whole-module providers, used from an installed package, have the methods of the forwarding ones", () => {
  for (const resource of ["pipeline", "status"] as const) {
    const whole = compiledRuntimeModule<Provider>(`${resource}Provider`);
    expect(Object.keys(whole).sort()).toEqual(Object.keys(compiledProvider(resource)).sort());
  }
});
