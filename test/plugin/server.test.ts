import type * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { providerService } from "../../provider/plugin/server";
import {
  BASE,
  HAL,
  TOKEN,
  api,
  isolateKommoEnv,
  livePipeline,
  liveStatus,
  statusList,
  systemStatuses,
  useNock,
} from "../provider/support";

useNock();
isolateKommoEnv();

type Service = ReturnType<typeof providerService>;

/** Calls one handler as grpc-js would, and gives its answer or its error. */
function call<Req, Res>(
  handler: (c: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>) => void,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    handler({ request } as grpc.ServerUnaryCall<Req, Res>, (err, res) =>
      err ? reject(Object.assign(new Error(err.details ?? "the call failed"), err)) : resolve(res as Res),
    ),
  );
}

const PIPELINE_URN = "urn:pulumi:dev::proj::kommo:index:Pipeline::sales";
const STATUS_URN = "urn:pulumi:dev::proj::kommo:index:Status::meeting";
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: TOKEN };

async function configured(args: Record<string, unknown> = { baseUrl: BASE, accessToken: SECRET, rateLimit: 0 }) {
  const service = providerService({});
  const req = new provproto.ConfigureRequest().setArgs(Struct.fromJavaScript(args as never));
  const res = await call(service.configure, req);
  expect(res.getAcceptsecrets()).toBe(false);
  return service;
}

const check = (service: Service, urn: string, news: object) =>
  call(
    service.check,
    new provproto.CheckRequest()
      .setUrn(urn)
      .setOlds(Struct.fromJavaScript({}))
      .setNews(Struct.fromJavaScript(news as never)),
  );

const read = (service: Service, urn: string, id: string) =>
  call(service.read, new provproto.ReadRequest().setUrn(urn).setId(id).setProperties(Struct.fromJavaScript({})));

test("configure takes the settings from an explicit provider's args, secrets unwrapped, numbers as YAML gives them", async () => {
  const service = await configured();
  api()
    .get("/api/v4/leads/pipelines")
    .reply(
      200,
      { _embedded: { pipelines: [livePipeline({ id: 7, name: "Board", sort: 1 }, systemStatuses(7, 70))] } },
      HAL,
    );
  const res = await call(
    service.invoke,
    new provproto.InvokeRequest().setTok("kommo:index:getPipeline").setArgs(Struct.fromJavaScript({ name: "Board" })),
  );
  expect(res.getReturn()?.toJavaScript()).toMatchObject({ pipelineId: 7, name: "Board", incomingStatusId: 70 });
});

test("configure from the variables alone, as older engines send them", async () => {
  const service = providerService({});
  const req = new provproto.ConfigureRequest();
  req
    .getVariablesMap()
    .set("kommo:config:baseUrl", BASE)
    .set("kommo:config:accessToken", TOKEN)
    .set("kommo:config:rateLimit", "0");
  await call(service.configure, req);
  api().get("/api/v4/leads/pipelines/9").reply(404);
  expect((await read(service, PIPELINE_URN, "9")).getId()).toBe("");
});

test("missing settings fail configure with the message that names them, and never the token", async () => {
  const service = providerService({});
  await expect(
    call(service.configure, new provproto.ConfigureRequest().setArgs(Struct.fromJavaScript({ accessToken: TOKEN }))),
  ).rejects.toThrow(/kommo:subdomain \(or the KOMMO_SUBDOMAIN environment variable\)/);
  const failures = await call(
    service.checkConfig,
    new provproto.CheckRequest().setNews(
      Struct.fromJavaScript({ baseUrl: BASE, accessToken: TOKEN, rateLimit: "fast" }),
    ),
  );
  expect(failures.getFailuresList().map((f) => f.getReason())).toEqual([expect.stringContaining("kommo:rateLimit")]);
  expect(JSON.stringify(failures.getFailuresList().map((f) => f.getReason()))).not.toContain(TOKEN);
});

test("check names the property at fault, and takes whole-number floats", async () => {
  const service = await configured();
  const bad = await check(service, STATUS_URN, { pipelineId: 7, name: "Meeting", sort: 10, color: "blue" });
  expect(bad.getFailuresList().map((f) => f.getProperty())).toEqual(["color"]);
  const good = await check(service, STATUS_URN, { pipelineId: 7.0, name: "Meeting", sort: 20.0 });
  expect(good.getFailuresList()).toEqual([]);
  expect(good.getInputs()?.toJavaScript()).toMatchObject({ pipelineId: 7, sort: 20 });
  const fraction = await check(service, STATUS_URN, { pipelineId: 7, name: "Meeting", sort: 2.5 });
  expect(fraction.getFailuresList().map((f) => f.getProperty())).toEqual(["sort"]);
});

test("import of a pipeline reads it and returns the declaration that describes it, stages in Kommo's order", async () => {
  const service = await configured();
  const statuses = [
    ...systemStatuses(7, 70),
    liveStatus(7, { id: 702, name: "Offer", sort: 30, color: "#98cbff" }),
    liveStatus(7, { id: 701, name: "New", sort: 20, color: "#FFFEB2" }),
    liveStatus(7, { id: 703, name: "New", sort: 40, color: "#123456" }),
  ];
  api()
    .get("/api/v4/leads/pipelines/7")
    .reply(200, livePipeline({ id: 7, name: "Sales", sort: 3 }, statuses), HAL);
  api().get("/api/v4/leads/pipelines/7/statuses").query({ with: "descriptions" }).reply(200, statusList(statuses), HAL);
  api()
    .get("/api/v4/leads/pipelines")
    .reply(200, { _embedded: { pipelines: [livePipeline({ id: 7, name: "Sales", sort: 3 }, statuses)] } }, HAL);
  const res = await read(service, PIPELINE_URN, "7");
  expect(res.getId()).toBe("7");
  expect(res.getInputs()?.toJavaScript()).toEqual({
    name: "Sales",
    sort: 3,
    isUnsortedOn: true,
    statuses: [
      { key: "New", name: "New", color: "#fffeb2" },
      { key: "Offer", name: "Offer", color: "#98cbff" },
      // A second stage of one name gets a key of its own; a color outside the palette is left to Kommo.
      { key: "New (703)", name: "New" },
    ],
  });
  expect(res.getProperties()?.toJavaScript()).toMatchObject({
    pipelineId: 7,
    statusIds: { New: 701, Offer: 702, "New (703)": 703 },
  });
});

test("import of an id Kommo does not have answers nothing, which the engine reports as missing", async () => {
  const service = await configured();
  api().get("/api/v4/leads/pipelines/404404").reply(404);
  const res = await read(service, PIPELINE_URN, "404404");
  expect(res.getId()).toBe("");
  expect(res.getProperties()).toBeUndefined();
});

test("import of a status takes <pipelineId>/<statusId>, and refuses anything else or a system status", async () => {
  const service = await configured();
  const statuses = [...systemStatuses(7, 70), liveStatus(7, { id: 701, name: "Meeting", sort: 20, color: "#98cbff" })];
  api().get("/api/v4/leads/pipelines/7/statuses").query({ with: "descriptions" }).reply(200, statusList(statuses), HAL);
  const res = await read(service, STATUS_URN, "7/701");
  expect(res.getId()).toBe("701");
  expect(res.getInputs()?.toJavaScript()).toEqual({
    pipelineId: 7,
    name: "Meeting",
    sort: 20,
    color: "#98cbff",
    descriptions: [],
  });
  await expect(read(service, STATUS_URN, "701")).rejects.toThrow(/give "<pipelineId>\/<statusId>"/);
  await expect(read(service, STATUS_URN, "7/142")).rejects.toThrow(/one of the pipeline's own/);
});

test("an unknown type or function says what the plugin serves", async () => {
  const service = await configured();
  await expect(check(service, "urn:pulumi:dev::proj::kommo:index:Lead::x", {})).rejects.toThrow(
    /no resource type "kommo:index:Lead"; it serves kommo:index:Pipeline and kommo:index:Status/,
  );
  await expect(
    call(
      service.invoke,
      new provproto.InvokeRequest().setTok("kommo:index:getLead").setArgs(Struct.fromJavaScript({})),
    ),
  ).rejects.toThrow(/no function "kommo:index:getLead"/);
  const failures = await call(
    service.invoke,
    new provproto.InvokeRequest().setTok("kommo:index:getStatus").setArgs(Struct.fromJavaScript({ name: "x" })),
  );
  expect(failures.getFailuresList().map((f) => f.getProperty())).toEqual(["pipelineId"]);
});

test("GetSchema serves the package schema", async () => {
  const service = providerService({});
  const res = await call(service.getSchema, new provproto.GetSchemaRequest());
  const schema = JSON.parse(res.getSchema()) as { name: string; resources: Record<string, unknown> };
  expect(schema.name).toBe("kommo");
  expect(Object.keys(schema.resources).sort()).toEqual(["kommo:index:Pipeline", "kommo:index:Status"]);
});
