import { ACCOUNT, HAL, PROBLEM, api, liveStatus, problem, statusList, systemStatuses } from "../support";
import {
  builtSerializedProvider,
  createdThrough,
  declaredOutputs,
  underMocks,
  useProviderProcess,
  valueOf,
  type Provider,
} from "./providerHost";
import type { StatusColor } from "../../../provider";

/** The Status provider run as Pulumi's host runs it: loaded from the `__provider` a Status registers. */

const host = useProviderProcess();

const P = 7100001;
const INCOMING = 71000011;
const ID = 71000021;
const PATH = `/api/v4/leads/pipelines/${P}/statuses`;

const text = builtSerializedProvider("Status");
/** Properties as the engine hands them to the provider: with the `__provider` they were registered with. */
const props = <T extends object>(p: T) => ({ ...p, __provider: text });

let provider: Provider;
beforeEach(async () => {
  provider = await host.current.provider(text);
});

const declared = {
  pipelineId: P,
  name: "Qualified",
  sort: 10,
  color: "#ffeab2" as StatusColor,
  descriptions: [{ level: "newbie" as const, description: "Call within a day 📞" }],
};
const outputs = {
  ...declared,
  statusId: ID,
  type: 0,
  isEditable: true,
  accountId: ACCOUNT,
  assignedSort: 20,
  liveColor: "#ffeab2",
};

/** Placement reads the pipeline's statuses, descriptions included. */
const statusesRead = () => api().get(PATH).query({ with: "descriptions" });
const fresh = () => statusList(systemStatuses(P, INCOMING));
/** After the POST, the order is read back: Kommo may put a new status elsewhere than asked. */
const placedQualified = () =>
  statusList([
    ...systemStatuses(P, INCOMING),
    liveStatus(P, { id: ID, name: "Qualified", sort: 20, color: "#ffeab2", descriptions: declared.descriptions }),
  ]);
/** Kommo's answer to the POST of Qualified. */
const createdQualified = () =>
  statusList([liveStatus(P, { id: ID, name: "Qualified", sort: 20, color: "#ffeab2", request_id: "0" })]);

test("check normalizes valid inputs, keeps __provider, and names bad ones", async () => {
  const ok = await provider.check({}, props({ ...declared, pipelineId: String(P), color: "#FFEAB2" }));
  expect(ok.failures).toEqual([]);
  expect(ok.inputs).toEqual(props(declared));
  const bad = await provider.check({}, props({ ...declared, color: "#000000" }));
  expect(bad.failures?.map((f) => f.property)).toEqual(["color"]);
});

test("diff: a rename is in place, another pipeline replaces", async () => {
  expect(await provider.diff(String(ID), props(outputs), props({ ...declared, name: "Hot" }))).toMatchObject({
    changes: true,
    replaces: [],
  });
  expect(await provider.diff(String(ID), props(outputs), props({ ...declared, pipelineId: P + 1 }))).toMatchObject({
    replaces: ["pipelineId"],
  });
});

test("create reads the pipeline to place the status, POSTs it, and reads the order back", async () => {
  statusesRead().reply(200, fresh(), HAL);
  api()
    .post(PATH, [
      { name: "Qualified", color: "#ffeab2", descriptions: declared.descriptions, sort: 20, request_id: "0" },
    ])
    .reply(200, createdQualified(), HAL);
  statusesRead().reply(200, placedQualified(), HAL);
  const checked = await provider.check({}, props(declared));
  const created = await provider.create(checked.inputs);
  expect(created.id).toBe(String(ID));
  expect(created.outs).toEqual(props(outputs));
});

test("a Status in a program gets every output it declares from a create through its provider", async () => {
  statusesRead().reply(200, fresh(), HAL);
  api()
    .post(PATH, [
      { name: "Qualified", color: "#ffeab2", descriptions: declared.descriptions, sort: 20, request_id: "0" },
    ])
    .reply(200, createdQualified(), HAL);
  statusesRead().reply(200, placedQualified(), HAL);
  const engine = createdThrough(host.current);
  const { registered, resources } = await underMocks(
    (kommo) => [new kommo.Status("qualified", declared)],
    engine.answer,
  );
  const outs = engine.state.get("qualified")!;
  const output = declaredOutputs(resources[0]!);
  expect(Object.keys(output).sort()).toEqual(Object.keys(outs).sort());
  // What the class registers beyond the program's inputs is what the provider computes.
  const computed = Object.keys(output).filter((k) => !(k in registered[0]!.inputs));
  expect(computed.sort()).toEqual(["accountId", "assignedSort", "isEditable", "liveColor", "statusId", "type"]);
  for (const [key, o] of Object.entries(output)) expect([key, await valueOf(o)]).toEqual([key, outs[key]]);
});

test("read returns Kommo's values as the new inputs, from its pipeline's status list", async () => {
  statusesRead().reply(
    200,
    statusList([
      ...systemStatuses(P, INCOMING),
      liveStatus(P, { id: ID, name: "Qualified lead", sort: 20, color: "#ffeab2", descriptions: [] }),
    ]),
    HAL,
  );
  const r = await provider.read(String(ID), props(outputs));
  expect(r.id).toBe(String(ID));
  expect(r.inputs).toEqual({ ...declared, name: "Qualified lead", descriptions: [] });
  expect(r.props).toMatchObject({ name: "Qualified lead", statusId: ID, assignedSort: 20 });
});

test("read of a status gone from Kommo returns no id, so the engine drops it", async () => {
  statusesRead().reply(200, fresh(), HAL);
  expect((await provider.read(String(ID), props(outputs))).id).toBeUndefined();
});

test("update PATCHes a rename", async () => {
  api()
    .patch(`${PATH}/${ID}`, { name: "Hot" })
    .reply(200, liveStatus(P, { id: ID, name: "Hot", sort: 20, color: "#ffeab2" }), HAL);
  const u = await provider.update(String(ID), props(outputs), props({ ...declared, name: "Hot" }));
  expect(u.outs).toMatchObject({ name: "Hot", statusId: ID, assignedSort: 20 });
});

test("delete sends DELETE, and a status already gone is deleted", async () => {
  // One look at the pipeline's leads serves both deletes (none here: Kommo answers 204).
  api()
    .get("/api/v4/leads")
    .query({ "filter[pipeline_id]": String(P), limit: "250" })
    .reply(204);
  api().delete(`${PATH}/${ID}`).reply(204);
  await provider.delete(String(ID), props(outputs));
  api().delete(`${PATH}/${ID}`).reply(404, problem("Not found"), PROBLEM);
  await provider.delete(String(ID), props(outputs));
});

test("the Status provider refuses a status in a pipeline whose Pipeline declares its stages", async () => {
  // The Pipeline provider of the same process saw the list in its diff: one session serves both.
  const pipeline = await host.current.provider(builtSerializedProvider("Pipeline"));
  await pipeline.diff(
    String(P),
    { name: "Sales", sort: 10, pipelineId: P, __provider: builtSerializedProvider("Pipeline") },
    { name: "Sales", sort: 10, statuses: [{ name: "New" }], __provider: builtSerializedProvider("Pipeline") },
  );
  await expect(provider.create(props({ pipelineId: P, name: "Qualified", sort: 10 }))).rejects.toThrow(
    new RegExp(`^pipelineId: pipeline ${P} declares its stages in its \`statuses\` list`),
  );
});
