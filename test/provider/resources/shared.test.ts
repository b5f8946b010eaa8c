import {
  ACCOUNT,
  HAL,
  TEST_CONFIG,
  api,
  configRequest,
  livePipeline,
  liveStatus,
  statusList,
  systemStatuses,
} from "../support";
import {
  builtSerializedProvider,
  createdThrough,
  providerRuntime,
  underMocks,
  useProviderProcess,
  valueOf,
} from "./providerHost";
import { PLACEHOLDER_STAGE } from "../../../provider/runtime/status/placeholder";

/**
 * One provider process serves a whole `pulumi up`: the host loads one provider per `__provider` text, so every
 * Pipeline shares one provider object and every Status another, and both share the runtime's one session. Batches,
 * shared reads and what the process knows of a pipeline live there: these tests run a program's resources through
 * one process and count the requests they make together.
 */

const host = useProviderProcess();

const PIPELINES = "/api/v4/leads/pipelines";
const A = 7200001;
const B = 7200002;
const incomingOf = (p: number) => p + 50_000_000;
const fresh = (p: number) => systemStatuses(p, incomingOf(p));
const pipelineText = builtSerializedProvider("Pipeline");
/** The regular stage Kommo requires of a new pipeline, until a Status takes it over. */
const placeholderOf = (p: number) => liveStatus(p, { id: p * 10, name: PLACEHOLDER_STAGE, sort: 20 });

const pipelineState = (id: number, name: string, sort: number) => ({
  name,
  sort,
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
  __provider: pipelineText,
});

test("two Pipelines created together share one POST, and the Statuses in them are placed without reading first", async () => {
  api()
    .get(PIPELINES)
    .reply(200, { _total_items: 0, _embedded: { pipelines: [] } }, HAL);
  const NEW_PIPELINE = {
    is_main: false,
    is_unsorted_on: true,
    _embedded: { statuses: [{ name: PLACEHOLDER_STAGE, sort: 20 }] },
  };
  api()
    .post(PIPELINES, [
      { name: "Sales", sort: 10, ...NEW_PIPELINE, request_id: "0" },
      { name: "Support", sort: 20, ...NEW_PIPELINE, request_id: "1" },
    ])
    .reply(
      200,
      {
        _embedded: {
          pipelines: [
            livePipeline({ id: A, name: "Sales", sort: 10, request_id: "0" }, [...fresh(A), placeholderOf(A)]),
            livePipeline({ id: B, name: "Support", sort: 20, request_id: "1" }, [...fresh(B), placeholderOf(B)]),
          ],
        },
      },
      HAL,
    );
  // No GET before the statuses are sent: the Pipeline provider's creates told the Status provider what each pipeline
  // holds. The first status of each takes the placeholder stage over; the rest go in one POST; the order is read back.
  api()
    .patch(`${PIPELINES}/${A}/statuses/${placeholderOf(A).id}`, { name: "New" })
    .reply(200, liveStatus(A, { id: placeholderOf(A).id, name: "New", sort: 20 }), HAL);
  api()
    .post(`${PIPELINES}/${A}/statuses`, [{ name: "Qualified", sort: 30, request_id: "0" }])
    .reply(200, statusList([liveStatus(A, { id: 72000012, name: "Qualified", sort: 30, request_id: "0" })]), HAL);
  api()
    .get(`${PIPELINES}/${A}/statuses`)
    .query({ with: "descriptions" })
    .reply(
      200,
      statusList([
        ...fresh(A),
        liveStatus(A, { id: placeholderOf(A).id, name: "New", sort: 20 }),
        liveStatus(A, { id: 72000012, name: "Qualified", sort: 30 }),
      ]),
      HAL,
    );
  api()
    .patch(`${PIPELINES}/${B}/statuses/${placeholderOf(B).id}`, { name: "Open" })
    .reply(200, liveStatus(B, { id: placeholderOf(B).id, name: "Open", sort: 20 }), HAL);
  api()
    .get(`${PIPELINES}/${B}/statuses`)
    .query({ with: "descriptions" })
    .reply(200, statusList([...fresh(B), liveStatus(B, { id: placeholderOf(B).id, name: "Open", sort: 20 })]), HAL);

  const engine = createdThrough(host.current);
  const { registered, resources } = await underMocks((kommo) => {
    const sales = new kommo.Pipeline("sales", { name: "Sales", sort: 10 });
    const support = new kommo.Pipeline("support", { name: "Support", sort: 20 });
    return [
      sales,
      support,
      new kommo.Status("new", { pipelineId: sales.pipelineId, name: "New", sort: 10 }),
      new kommo.Status("open", { pipelineId: support.pipelineId, name: "Open", sort: 10 }),
      new kommo.Status("qualified", { pipelineId: sales.pipelineId, name: "Qualified", sort: 20 }),
    ];
  }, engine.answer);
  expect(await Promise.all(resources.map((r) => valueOf(r.id)))).toEqual([
    String(A),
    String(B),
    String(placeholderOf(A).id),
    String(placeholderOf(B).id),
    "72000012",
  ]);
  // Five resources, two texts: the host loaded one provider for each.
  expect(new Set(registered.map((r) => r.inputs.__provider)).size).toBe(2);
});

test("Pipelines refreshed together share one read of the pipeline list, until resetSession starts a new process", async () => {
  const list = {
    _embedded: {
      pipelines: [
        livePipeline({ id: A, name: "Sales", sort: 10 }, fresh(A)),
        livePipeline({ id: B, name: "Support", sort: 20 }, fresh(B)),
      ],
    },
  };
  api().get(PIPELINES).reply(200, list, HAL);
  const provider = await host.current.provider(pipelineText);
  const reads = await Promise.all([
    provider.read(String(A), pipelineState(A, "Sales", 10)),
    provider.read(String(B), pipelineState(B, "Support", 20)),
  ]);
  expect(reads.map((r) => r.id)).toEqual([String(A), String(B)]);
  // The runtime required by the package's name is the instance the provider uses: its reset reaches that session.
  providerRuntime().resetSession();
  await provider.configure(configRequest(TEST_CONFIG));
  api().get(PIPELINES).reply(200, list, HAL);
  expect((await provider.read(String(A), pipelineState(A, "Sales", 10))).id).toBe(String(A));
});
