import { BASE, TOKEN, api, noLeadsIn, rejection, withEnv } from "../support";
import {
  PROGRAM_DIR,
  ProviderProcess,
  builtSerializedProvider,
  loadLikeProviderHost,
  providerRuntime,
  typeToken,
  underMocks,
  useProviderProcess,
  type KommoType,
} from "./providerHost";

/**
 * What every Kommo resource writes into state as `__provider`, and how Pulumi's dynamic-provider host runs it: the
 * text is read back by every later refresh, update and delete, from whatever folder and install the stack has then.
 */

const host = useProviderProcess();

/** What a program's environment could hold at `pulumi up`: none of it may reach the state file. */
const ENV = { KOMMO_ACCESS_TOKEN: "env-token-0d4c7a99e1", KOMMO_BASE_URL: "https://env-only.kommo.com" };

/** The text state from 0.1.0 on holds: changing it would strand every existing stack. */
const EXPECTED: Record<KommoType, string> = {
  Pipeline: 'exports.handler = () => require("pulumi-kommo/dist/provider/runtime/pipelineProvider.js");\n',
  Status: 'exports.handler = () => require("pulumi-kommo/dist/provider/runtime/statusProvider.js");\n',
};

/** Declares two resources of each type in a program run with KOMMO_* set, and records what the engine received. */
const declareAll = () =>
  withEnv(ENV, () =>
    underMocks((kommo) => [
      new kommo.Pipeline("sales", { name: "Sales", sort: 10 }),
      new kommo.Pipeline("support", { name: "Support", sort: 20, statuses: [{ name: "Open" }] }),
      new kommo.Status("qualified", { pipelineId: 1, name: "Qualified", sort: 10 }),
      new kommo.Status("won-back", { pipelineId: 1, name: "Won back", sort: 20, color: "#ffeab2" }),
    ]),
  );

describe("what a resource registers", () => {
  test.each(["Pipeline", "Status"] as const)(
    "a %s registers the dynamic type token, and as __provider one require of its module by the package's name",
    async (type) => {
      const { registered } = await declareAll();
      const ofType = registered.filter((r) => r.type === typeToken(type));
      expect(ofType).toHaveLength(2);
      // Every resource of a type carries the same text, so the host loads and configures one provider for all.
      for (const r of ofType) expect(r.inputs.__provider).toBe(EXPECTED[type]);
      // The other way of getting the text, serializedProvider of the built resources, gives the same.
      expect(builtSerializedProvider(type)).toBe(EXPECTED[type]);
    },
  );

  test("the registered inputs hold no path of this install and no credential", async () => {
    const { registered } = await declareAll();
    const state = JSON.stringify(registered.map((r) => r.inputs));
    expect(state).not.toContain(PROGRAM_DIR);
    // No absolute or relative path in any require: the package is found by its name wherever the stack runs.
    for (const r of registered) expect(r.inputs.__provider).not.toMatch(/require\(\s*["'`](\/|\\|\.|[A-Za-z]:)/);
    for (const secret of [...Object.values(ENV), TOKEN, BASE]) expect(state).not.toContain(secret);
  });
});

describe("the text as the provider host runs it", () => {
  test("loads the package's runtime: the host's providers are the runtime's own methods", () => {
    const runtime = providerRuntime();
    const pipeline = loadLikeProviderHost(EXPECTED.Pipeline);
    const status = loadLikeProviderHost(EXPECTED.Status);
    const methods = ["check", "configure", "create", "delete", "diff", "read", "update"];
    expect(Object.keys(pipeline).sort()).toEqual(methods);
    expect(Object.keys(status).sort()).toEqual(methods);
    for (const m of ["check", "diff", "create", "read", "update", "delete"] as const) {
      expect(pipeline[m]).toBe(runtime.pipeline[m]);
      expect(status[m]).toBe(runtime.status[m]);
    }
    // One configure for both: the Pipeline and Status providers of a process share its session.
    expect(pipeline.configure).toBe(runtime.configure);
    expect(status.configure).toBe(runtime.configure);
  });

  test("the Status provider is a distinct handler from the Pipeline provider", () => {
    const pipeline = loadLikeProviderHost(EXPECTED.Pipeline);
    const status = loadLikeProviderHost(EXPECTED.Status);
    expect(status).not.toBe(pipeline);
    for (const m of ["check", "diff", "create", "read", "update", "delete"] as const) {
      expect(status[m]).not.toBe(pipeline[m]);
    }
  });

  test("loading the same text again gives the same provider object", () => {
    expect(loadLikeProviderHost(EXPECTED.Status)).toBe(loadLikeProviderHost(EXPECTED.Status));
  });

  test("the credentials come from configure, in the host's Config: the request carries the stack's token", async () => {
    const provider = await host.current.provider(EXPECTED.Pipeline);
    // api() mocks answer only a request that carries the token of TEST_CONFIG, the stack config the host hands over.
    noLeadsIn(7000009);
    api().delete("/api/v4/leads/pipelines/7000009").reply(204);
    await provider.delete("7000009", { name: "Sales", pipelineId: 7000009, __provider: EXPECTED.Pipeline });
  });
});

describe("configure without settings", () => {
  test.each(["Pipeline", "Status"] as const)(
    "fails for a %s naming each config key and its environment variable, and every later call fails with it",
    async (type) => {
      const fresh = new ProviderProcess({});
      const e = await rejection(fresh.provider(EXPECTED[type]));
      expect(e.message).toMatch(/^Kommo settings are missing: /);
      for (const name of ["kommo:accessToken", "KOMMO_ACCESS_TOKEN", "kommo:subdomain", "KOMMO_SUBDOMAIN"]) {
        expect(e.message).toContain(name);
      }
      expect(e.message).toContain("kommo:baseUrl");
      expect(e.message).toContain("KOMMO_BASE_URL");
      // The host keeps the provider it loaded and does not configure it again; nothing is sent (no mock is set).
      const provider = await fresh.provider(EXPECTED[type]);
      const later = await rejection(provider.read("7000009", { name: "Sales", pipelineId: 1, sort: 10 }));
      expect(later.message).toBe(e.message);
    },
  );

  test("names only what is missing: a subdomain without a token asks for the token", async () => {
    const e = await rejection(new ProviderProcess({ "kommo:subdomain": "acme" }).provider(EXPECTED.Status));
    expect(e.message).toContain("kommo:accessToken (or the KOMMO_ACCESS_TOKEN environment variable)");
    expect(e.message).not.toContain("kommo:subdomain");
  });
});
