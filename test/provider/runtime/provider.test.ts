import nock from "nock";
import { configure, pipeline, resetSession, status } from "../../../provider/runtime";
import pipelineProvider from "../../../provider/runtime/pipelineProvider";
import statusProvider from "../../../provider/runtime/statusProvider";
import type { PipelineOutputs } from "../../../provider/runtime/types";
import {
  BASE,
  HAL,
  TEST_CONFIG,
  api,
  configRequest,
  livePipeline,
  rejection,
  systemStatuses,
  withEnv,
} from "../support";
import { counted, useRuntime } from "./support";

/** One provider per process, and one session per provider: how long what it knows lives, and who shares it. */

useRuntime();

const PIPELINES = "/api/v4/leads/pipelines";
const ID = 7310001;
const state: PipelineOutputs = {
  name: "Sales",
  sort: 10,
  isUnsortedOn: true,
  pipelineId: ID,
  isArchive: false,
  accountId: 1,
  incomingStatusId: 73100011,
  wonStatusId: 142,
  lostStatusId: 143,
  wonStatusLiveName: "Closed - won",
  lostStatusLiveName: "Closed - lost",
  assignedSort: 10,
  statusIds: {},
  liveStatuses: [],
};
const list = () => ({
  _embedded: { pipelines: [livePipeline({ id: ID, name: "Sales", sort: 10 }, systemStatuses(ID, 73100011))] },
});

test("configure with the same settings keeps the session: what it has read is still shared", async () => {
  const reads = counted(list);
  api().get(PIPELINES).reply(200, reads.reply, HAL);
  expect((await pipeline.read(String(ID), state)).id).toBe(String(ID));
  // The host configures each provider it loads (Pipeline and Status) with the same stack config.
  await configure(configRequest(TEST_CONFIG));
  expect((await pipeline.read(String(ID), state)).id).toBe(String(ID));
  expect(reads.hits.n).toBe(1);
});

test("configure with other settings starts a new session, with its own client", async () => {
  api().get(PIPELINES).reply(200, list, HAL);
  await pipeline.read(String(ID), state);
  await configure(configRequest({ ...TEST_CONFIG, "kommo:accessToken": "second-token-77e1" }));
  // A new session has read nothing yet, and its requests carry the new token.
  nock(BASE, { reqheaders: { authorization: "Bearer second-token-77e1" } })
    .get(PIPELINES)
    .reply(200, list, HAL);
  expect((await pipeline.read(String(ID), state)).id).toBe(String(ID));
});

test("resetSession forgets everything, as a new provider process would start", async () => {
  api().get(PIPELINES).times(2).reply(200, list, HAL);
  await pipeline.read(String(ID), state);
  resetSession();
  await configure(configRequest(TEST_CONFIG));
  await pipeline.read(String(ID), state);
});

test("after a configure that failed, every call fails with its message, and nothing is sent", async () => {
  await rejection(configure(configRequest({ "kommo:subdomain": "acme" })));
  const e = await rejection(pipeline.read(String(ID), state));
  expect(e.message).toMatch(/^Kommo settings are missing: set kommo:accessToken/);
});

test("an engine that never calls configure (before SDK 3.139) still works from the environment", async () => {
  resetSession();
  await withEnv(
    { KOMMO_BASE_URL: "https://env-only.kommo.com", KOMMO_ACCESS_TOKEN: "env-token-31f0", KOMMO_RATE_LIMIT: "0" },
    async () => {
      nock("https://env-only.kommo.com", { reqheaders: { authorization: "Bearer env-token-31f0" } })
        .get(PIPELINES)
        .reply(200, list, HAL);
      expect((await pipeline.read(String(ID), state)).id).toBe(String(ID));
    },
  );
});

test("the Pipeline and Status providers share the session: a pipeline that declares its stages refuses a Status", async () => {
  await pipeline.diff(String(ID), state, { name: "Sales", sort: 10, statuses: [{ key: "New", name: "New" }] });
  const e = await rejection(status.create({ pipelineId: ID, name: "Qualified", sort: 10 }));
  expect(e.message).toMatch(new RegExp(`^pipelineId: pipeline ${ID} declares its stages in its \`statuses\` list`));
});

describe("the provider modules that each resource's __provider requires", () => {
  test.each([
    ["pipelineProvider", pipelineProvider],
    ["statusProvider", statusProvider],
  ])("%s has every method of a dynamic provider, configure included", (_name, provider) => {
    expect(Object.keys(provider).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
  });

  test("they are this process's provider: configured through one, the other uses the same session", async () => {
    resetSession();
    await pipelineProvider.configure(configRequest(TEST_CONFIG));
    await statusProvider.configure(configRequest(TEST_CONFIG));
    await pipelineProvider.diff(String(ID), state, {
      name: "Sales",
      sort: 10,
      statuses: [{ key: "New", name: "New" }],
    });
    const e = await rejection(statusProvider.create({ pipelineId: ID, name: "Qualified", sort: 10 }));
    expect(e.message).toMatch(/declares its stages/);
  });
});
