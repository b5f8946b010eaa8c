import nock from "nock";
import { configure, pipeline, status } from "../../../../provider/runtime";
import { readSettings } from "../../../../provider/runtime/session/settings";
import type { PipelineOutputs } from "../../../../provider/runtime/types";
import { HAL, configRequest, livePipeline, noLeadsIn, rejection } from "../../support";
import { useRuntime } from "../support";

useRuntime();

const PIPELINE: PipelineOutputs = {
  name: "Sales",
  sort: 10,
  isUnsortedOn: true,
  pipelineId: 7300001,
  isArchive: false,
  accountId: 1,
  incomingStatusId: 73000011,
  wonStatusId: 142,
  lostStatusId: 143,
  wonStatusLiveName: "Closed - won",
  lostStatusLiveName: "Closed - lost",
  assignedSort: 10,
  statusIds: {},
  liveStatuses: [],
};

describe("settings are read inside the provider process", () => {
  test("with nothing configured, configure fails at once (so at preview), naming every config key and environment variable to set", async () => {
    const e = await rejection(configure(configRequest({})));
    for (const name of [
      "kommo:accessToken",
      "KOMMO_ACCESS_TOKEN",
      "kommo:subdomain",
      "KOMMO_SUBDOMAIN",
      "kommo:baseUrl",
      "KOMMO_BASE_URL",
    ]) {
      expect(e.message).toContain(name);
    }
  });

  test("a missing token alone is named alone", async () => {
    const e = await rejection(configure(configRequest({ "kommo:subdomain": "acme" })));
    expect(e.message).toMatch(/kommo:accessToken.*KOMMO_ACCESS_TOKEN/);
    expect(e.message).not.toMatch(/kommo:subdomain|kommo:baseUrl/);
  });

  test("check and diff make no request: preview validates offline", async () => {
    await configure(configRequest({ "kommo:subdomain": "acme", "kommo:accessToken": "t" }));
    expect((await status.check({}, { pipelineId: 1, name: "A", sort: 10 })).failures).toEqual([]);
    expect((await pipeline.diff("1", PIPELINE, { name: "Sales", sort: 10 })).changes).toBe(false);
  });

  test("the environment stands in for missing config", async () => {
    process.env.KOMMO_BASE_URL = "https://from-env.kommo.com";
    process.env.KOMMO_ACCESS_TOKEN = "env-token-93ab61";
    process.env.KOMMO_RATE_LIMIT = "0";
    await configure(configRequest({}));
    nock("https://from-env.kommo.com", { reqheaders: { authorization: "Bearer env-token-93ab61" } })
      .get("/api/v4/leads/pipelines")
      .reply(200, { _embedded: { pipelines: [livePipeline({ id: 7300001, name: "Sales", sort: 10 }, [])] } }, HAL);
    const r = await pipeline.read("7300001", PIPELINE);
    expect(r.id).toBe("7300001");
  });

  test("config wins over the environment", async () => {
    process.env.KOMMO_ACCESS_TOKEN = "env-token-not-used";
    await configure(
      configRequest({
        "kommo:baseUrl": "https://from-config.kommo.com",
        "kommo:accessToken": "config-token-4410",
        "kommo:rateLimit": "0",
      }),
    );
    const fromConfig = () =>
      nock("https://from-config.kommo.com", { reqheaders: { authorization: "Bearer config-token-4410" } });
    noLeadsIn(7300001, fromConfig());
    fromConfig().delete("/api/v4/leads/pipelines/7300001").reply(204);
    await pipeline.delete("7300001", PIPELINE);
  });

  test("a rate limit that is not a number is refused by name, and the token is never shown", async () => {
    const e = await rejection(
      configure(
        configRequest({ "kommo:subdomain": "acme", "kommo:accessToken": "t0ken-1234", "kommo:rateLimit": "fast" }),
      ),
    );
    expect(e.message).toMatch(/kommo:rateLimit.*KOMMO_RATE_LIMIT/);
    expect(e.message).not.toContain("t0ken-1234");
  });

  test("a request timeout that is not a whole number of milliseconds is refused by name", async () => {
    const e = await rejection(
      configure(
        configRequest({
          "kommo:subdomain": "acme",
          "kommo:accessToken": "t0ken-1234",
          "kommo:requestTimeoutMs": "2.5",
        }),
      ),
    );
    expect(e.message).toMatch(
      /kommo:requestTimeoutMs \(or the KOMMO_REQUEST_TIMEOUT_MS environment variable\) must be a whole number/,
    );
  });

  test("an address the client cannot use is refused, naming the setting to check", async () => {
    const e = await rejection(
      configure(configRequest({ "kommo:baseUrl": "not a url", "kommo:accessToken": "t0ken-1234" })),
    );
    expect(e.message).toMatch(
      /^Kommo settings are invalid: .*Check kommo:baseUrl \(or the KOMMO_BASE_URL environment variable\)\.$/,
    );
  });
});

describe("readSettings", () => {
  const config = (values: Record<string, string>) => (key: string) => values[key];

  test("blank values count as missing, and values are trimmed", () => {
    const r = readSettings(
      config({ "kommo:baseUrl": "  ", "kommo:subdomain": " acme ", "kommo:accessToken": " tok " }),
      {},
    );
    expect(r).toEqual({
      _tag: "Right",
      right: {
        client: { address: { subdomain: "acme" }, accessToken: "tok", rateLimit: undefined, timeoutMs: undefined },
        batching: true,
      },
    });
  });

  test("a base URL wins over a subdomain", () => {
    const r = readSettings(
      config({ "kommo:baseUrl": "https://x.kommo.com", "kommo:subdomain": "acme", "kommo:accessToken": "tok" }),
      {},
    );
    expect(r._tag === "Right" && r.right.client.address).toEqual({ baseUrl: "https://x.kommo.com" });
  });

  test.each([
    ["off", false],
    ["OFF", false],
    ["on", true],
    [undefined, true],
  ])("KOMMO_BATCHING=%s gives batching %s", (value, batching) => {
    const env = value === undefined ? {} : { KOMMO_BATCHING: value };
    const r = readSettings(config({ "kommo:subdomain": "acme", "kommo:accessToken": "tok" }), env);
    expect(r._tag === "Right" && r.right.batching).toBe(batching);
  });

  test("a rate limit of 0 turns the limiter off and is accepted; a negative one is not", () => {
    const base = { "kommo:subdomain": "acme", "kommo:accessToken": "tok" };
    expect(readSettings(config({ ...base, "kommo:rateLimit": "0" }), {})).toMatchObject({
      _tag: "Right",
      right: { client: { rateLimit: 0 } },
    });
    expect(readSettings(config({ ...base, "kommo:rateLimit": "-1" }), {})).toMatchObject({ _tag: "Left" });
  });
});
