import { BASE, HAL, PROBLEM, TEST_CONFIG, TOKEN, api, configRequest, liveStatus, problem, statusList, systemStatuses, useNock, withEnv } from "../support";
import {
  compiledProvider,
  deserializeLikeProviderHost,
  freshProviderProcess,
  registeredProviderText,
  serializeLikeDynamicResource,
  type Provider,
} from "./serialized";

useNock();

const ENV_TOKEN = "env-token-51c2be07aa";

const P = 7100001;
const INCOMING = 71000011;
const ID = 71000021;
const PATH = `/api/v4/leads/pipelines/${P}/statuses`;

let text: string;
let containsSecrets: boolean;
let registered: string;
let provider: Provider;

beforeAll(async () => {
  await withEnv({ KOMMO_ACCESS_TOKEN: ENV_TOKEN }, async () => {
    ({ text, containsSecrets } = await serializeLikeDynamicResource(compiledProvider("status")));
    registered = await registeredProviderText("status");
  });
  freshProviderProcess();
  provider = deserializeLikeProviderHost(text);
  await provider.configure(configRequest(TEST_CONFIG));
});

const declared = {
  pipelineId: P,
  name: "Qualified",
  sort: 10,
  color: "#ffeab2",
  descriptions: [{ level: "newbie", description: "Call within a day 📞" }],
};
const outputs = { ...declared, statusId: ID, type: 0, isEditable: true, accountId: 31361463, assignedSort: 20, liveColor: "#ffeab2" };

describe("the Status provider as Pulumi serializes it into state", () => {
  test("is small and carries no credentials", () => {
    const bytes = Buffer.byteLength(text, "utf8");
    // The size is paid once per resource in every state file: the closure must stay a thin loader.
    console.log(`serialized Status provider: ${bytes} bytes`);
    expect(bytes).toBeLessThan(4096);
    expect(registered).toBe(text);
    expect(containsSecrets).toBe(false);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(ENV_TOKEN);
    expect(text).not.toContain(BASE);
    expect(Object.keys(provider).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
  });

  test("check normalizes valid inputs and names bad ones", async () => {
    const ok = await provider.check({}, { ...declared, pipelineId: String(P), color: "#FFEAB2" });
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toEqual(declared);
    const bad = await provider.check({}, { ...declared, color: "#000000" });
    expect(bad.failures?.map((f) => f.property)).toEqual(["color"]);
  });

  test("diff: a rename is in place, another pipeline replaces", async () => {
    expect(await provider.diff(String(ID), outputs, { ...declared, name: "Hot" })).toMatchObject({ changes: true, replaces: [] });
    expect(await provider.diff(String(ID), outputs, { ...declared, pipelineId: P + 1 })).toMatchObject({ replaces: ["pipelineId"] });
  });

  test("create reads the pipeline to place the status, then POSTs it", async () => {
    api().get(PATH).query({ with: "descriptions" }).reply(200, statusList(systemStatuses(P, INCOMING)), HAL);
    api()
      .post(PATH, [{ name: "Qualified", color: "#ffeab2", descriptions: declared.descriptions, sort: 20, request_id: "0" }])
      .reply(200, statusList([liveStatus(P, { id: ID, name: "Qualified", sort: 20, color: "#ffeab2", request_id: "0" })]), HAL);
    const created = await provider.create(declared);
    expect(created.id).toBe(String(ID));
    expect(created.outs).toEqual(outputs);
  });

  test("read returns Kommo's values as the new inputs, from its pipeline's status list", async () => {
    api()
      .get(PATH)
      .query({ with: "descriptions" })
      .reply(
        200,
        statusList([...systemStatuses(P, INCOMING), liveStatus(P, { id: ID, name: "Qualified lead", sort: 20, color: "#ffeab2", descriptions: [] })]),
        HAL,
      );
    const r = await provider.read(String(ID), outputs);
    expect(r.inputs).toEqual({ ...declared, name: "Qualified lead", descriptions: [] });
  });

  test("update PATCHes a rename", async () => {
    api()
      .patch(`${PATH}/${ID}`, { name: "Hot" })
      .reply(200, liveStatus(P, { id: ID, name: "Hot", sort: 20, color: "#ffeab2" }), HAL);
    const u = await provider.update(String(ID), outputs, { ...declared, name: "Hot" });
    expect(u.outs).toMatchObject({ name: "Hot", statusId: ID, assignedSort: 20 });
  });

  test("delete sends DELETE, and a status already gone is deleted", async () => {
    // One look at the pipeline's leads serves both deletes (none here: Kommo answers 204).
    api().get("/api/v4/leads").query({ "filter[pipeline_id]": String(P), limit: "250" }).reply(204);
    api().delete(`${PATH}/${ID}`).reply(204);
    await provider.delete(String(ID), outputs);
    api().delete(`${PATH}/${ID}`).reply(404, problem("Not found"), PROBLEM);
    await provider.delete(String(ID), outputs);
  });
});
