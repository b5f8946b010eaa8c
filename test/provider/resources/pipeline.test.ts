import { ACCOUNT, BASE, HAL, PROBLEM, TEST_CONFIG, TOKEN, api, configRequest, livePipeline, problem, rejection, systemStatuses, useNock, withEnv } from "../support";
import {
  compiledProvider,
  deserializeLikeProviderHost,
  freshProviderProcess,
  registeredProviderText,
  serializeLikeDynamicResource,
  type Provider,
} from "./serialized";

useNock();

/** Credentials a program could see at deployment time: none of them may end up in the serialized provider. */
const ENV_TOKEN = "env-token-0d4c7a99e1";
const ENV_BASE = "https://env-only.kommo.com";

const ID = 7000001;
const INCOMING = 70000011;

let text: string;
let containsSecrets: boolean;
let registered: string;
let provider: Provider;

beforeAll(async () => {
  await withEnv({ KOMMO_ACCESS_TOKEN: ENV_TOKEN, KOMMO_BASE_URL: ENV_BASE }, async () => {
    ({ text, containsSecrets } = await serializeLikeDynamicResource(compiledProvider("pipeline")));
    registered = await registeredProviderText("pipeline");
  });
  freshProviderProcess();
  provider = deserializeLikeProviderHost(text);
  await provider.configure(configRequest(TEST_CONFIG));
});

describe("the Pipeline provider as Pulumi serializes it into state", () => {
  test("is small and carries no credentials", () => {
    const bytes = Buffer.byteLength(text, "utf8");
    // The size is paid once per resource in every state file: the closure must stay a thin loader.
    console.log(`serialized Pipeline provider: ${bytes} bytes`);
    expect(bytes).toBeLessThan(4096);
    expect(registered).toBe(text);
    expect(containsSecrets).toBe(false);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(ENV_TOKEN);
    expect(text).not.toContain(ENV_BASE);
    expect(text).not.toContain(BASE);
    expect(Object.keys(provider).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
  });

  test("check validates and fills defaults", async () => {
    const ok = await provider.check({}, { name: "Sales", sort: 10, wonStatusName: "Paid" });
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toEqual({ name: "Sales", sort: 10, wonStatusName: "Paid", isMain: false, isUnsortedOn: true });
    const bad = await provider.check({}, { name: " ", sort: 1.5 });
    expect(bad.failures?.map((f) => f.property).sort()).toEqual(["name", "sort"]);
  });

  test("diff reports an in-place change", async () => {
    const olds = { name: "Sales", sort: 10, isMain: false, isUnsortedOn: true, pipelineId: ID, wonStatusLiveName: "Paid" };
    const d = await provider.diff(String(ID), olds, { name: "Sales EU", sort: 10 });
    expect(d).toMatchObject({ changes: true, replaces: [] });
  });

  test("create POSTs the pipeline with the won status's name and returns its ids", async () => {
    api()
      .post("/api/v4/leads/pipelines", [
        { name: "Sales", sort: 10, is_main: false, is_unsorted_on: true, _embedded: { statuses: [{ id: 142, name: "Paid" }] }, request_id: "0" },
      ])
      .reply(200, { _embedded: { pipelines: [livePipeline({ id: ID, name: "Sales", sort: 10, request_id: "0" }, systemStatuses(ID, INCOMING, "Paid"))] } }, HAL);
    const created = await provider.create({ name: "Sales", sort: 10, isMain: false, isUnsortedOn: true, wonStatusName: "Paid" });
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
    });
  });

  test("read returns what Kommo holds as the new inputs, from the pipeline list", async () => {
    const pipelines = [livePipeline({ id: ID, name: "Sales (renamed in Kommo)", sort: 10 }, systemStatuses(ID, INCOMING, "Paid"))];
    api().get("/api/v4/leads/pipelines").reply(200, { _total_items: 1, _embedded: { pipelines } }, HAL);
    const olds = { name: "Sales", sort: 10, isMain: false, isUnsortedOn: true, wonStatusName: "Paid", pipelineId: ID };
    const r = await provider.read(String(ID), olds);
    expect(r.id).toBe(String(ID));
    expect(r.inputs).toEqual({ name: "Sales (renamed in Kommo)", sort: 10, isMain: false, isUnsortedOn: true, wonStatusName: "Paid" });
  });

  test("update PATCHes only what changed", async () => {
    api()
      .patch(`/api/v4/leads/pipelines/${ID}`, { name: "Sales EU" })
      .reply(200, livePipeline({ id: ID, name: "Sales EU", sort: 10 }), HAL);
    const olds = { name: "Sales", sort: 10, isMain: false, isUnsortedOn: true, pipelineId: ID, isArchive: false };
    const u = await provider.update(String(ID), olds, { name: "Sales EU", sort: 10, isMain: false, isUnsortedOn: true });
    expect(u.outs).toMatchObject({ name: "Sales EU", pipelineId: ID });
  });

  test("delete sends DELETE, and a refusal says why", async () => {
    api().delete(`/api/v4/leads/pipelines/${ID}`).reply(204);
    await provider.delete(String(ID), { name: "Sales", pipelineId: ID });
    api().delete(`/api/v4/leads/pipelines/${ID}`).reply(400, problem("The pipeline has leads"), PROBLEM);
    const e = await rejection(provider.delete(String(ID), { name: "Sales", pipelineId: ID }));
    expect(e.message).toMatch(/retainOnDelete/);
    expect(e.message).not.toContain(TOKEN);
  });
});
