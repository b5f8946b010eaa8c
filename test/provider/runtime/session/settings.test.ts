import nock from "nock";
import { configure, pipeline, status } from "../../../provider/runtime";
import { resetViews } from "../../../provider/runtime/views";
import { HAL, configRequest, isolateKommoEnv, livePipeline, rejection, useNock } from "../support";

useNock();
isolateKommoEnv();
// Every test configures another account: no read may be reused from the test before.
beforeEach(() => resetViews());

const PIPELINE = { name: "Sales", sort: 10, isMain: false, isUnsortedOn: true, pipelineId: 7300001 } as const;

describe("settings are read inside the provider process", () => {
  test("with nothing configured, configure fails at once (so at preview), naming every config key and environment variable to set", async () => {
    const e = await rejection(configure(configRequest({})));
    for (const name of ["kommo:accessToken", "KOMMO_ACCESS_TOKEN", "kommo:subdomain", "KOMMO_SUBDOMAIN", "kommo:baseUrl", "KOMMO_BASE_URL"]) {
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
    expect((await pipeline.diff("1", PIPELINE as never, { name: "Sales", sort: 10 })).changes).toBe(false);
  });

  test("the environment stands in for missing config", async () => {
    process.env.KOMMO_BASE_URL = "https://from-env.kommo.com";
    process.env.KOMMO_ACCESS_TOKEN = "env-token-93ab61";
    process.env.KOMMO_RATE_LIMIT = "0";
    await configure(configRequest({}));
    nock("https://from-env.kommo.com", { reqheaders: { authorization: "Bearer env-token-93ab61" } })
      .get("/api/v4/leads/pipelines")
      .reply(200, { _embedded: { pipelines: [livePipeline({ id: 7300001, name: "Sales", sort: 10 }, [])] } }, HAL);
    const r = await pipeline.read("7300001", PIPELINE as never);
    expect(r.id).toBe("7300001");
  });

  test("config wins over the environment", async () => {
    process.env.KOMMO_ACCESS_TOKEN = "env-token-not-used";
    await configure(configRequest({ "kommo:baseUrl": "https://from-config.kommo.com", "kommo:accessToken": "config-token-4410", "kommo:rateLimit": "0" }));
    nock("https://from-config.kommo.com", { reqheaders: { authorization: "Bearer config-token-4410" } })
      .delete("/api/v4/leads/pipelines/7300001")
      .reply(204);
    await pipeline.delete("7300001", PIPELINE as never);
  });

  test("a rate limit that is not a number is refused by name", async () => {
    const e = await rejection(
      configure(configRequest({ "kommo:subdomain": "acme", "kommo:accessToken": "t0ken-1234", "kommo:rateLimit": "fast" })),
    );
    expect(e.message).toMatch(/kommo:rateLimit.*KOMMO_RATE_LIMIT/);
    expect(e.message).not.toContain("t0ken-1234");
  });
});
