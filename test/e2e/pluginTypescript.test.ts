/**
 * The plugin face under the real CLI: a TypeScript program of `kommo:index:*` resources served by
 * `pulumi-resource-kommo` (found through the program's `plugins.providers`), against two emulated accounts.
 * Create, change, drift by hand, `pulumi import` of a pipeline and of a status (each followed by a preview with no
 * changes), a function, an explicit provider, and destroy; the tokens appear nowhere in state.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { TOKEN, allFiles, liveStructure, world, type LiveStatus, type World } from "./harness";

const SECOND_TOKEN = "e2e-second-account-3f9a1c";

const noChanges = (summary: Record<string, number | undefined>) =>
  Object.entries(summary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0);

const regular = (statuses: LiveStatus[]) =>
  statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143).map((s) => s.name);

let w: World;
let second: RunningEmulator;

const spec: Record<string, unknown> = {
  sales: { name: "Plugin Sales", sort: 20, stages: [{ name: "New" }, { name: "Offer", color: "#98cbff" }] },
  board: { name: "Plugin Board", sort: 30, statuses: [{ key: "triage", name: "Triage", sort: 10 }] },
};

async function declare(extra: Record<string, unknown> = {}) {
  Object.assign(spec, extra);
  await w.stack.setConfig("spec", { value: JSON.stringify(spec) });
}

async function secondAccount() {
  const res = await fetch(`${second.url}/api/v4/leads/pipelines`, {
    headers: { Authorization: `Bearer ${SECOND_TOKEN}` },
  });
  const body = (await res.json()) as { _embedded: { pipelines: { id: number; name: string }[] } };
  return body._embedded.pipelines.map((p) => p.name);
}

beforeAll(async () => {
  w = await world("plugin/typescript", "plugin", { PULUMI_DISABLE_REGISTRY_RESOLVE: "true" });
  second = await startEmulator({ adminToken: SECOND_TOKEN });
  await w.stack.setConfig("secondToken", { value: SECOND_TOKEN, secret: true });
});

afterAll(async () => {
  await w?.close();
  await second?.close();
});

test("up creates both pipelines through the plugin, and a second account through an explicit provider", async () => {
  await declare({ second: { baseUrl: second.url, name: "Other account", stages: ["Lead", "Won over"] } });
  const up = await w.stack.up();
  expect(up.summary.result).toBe("succeeded");
  const live = await liveStructure(w);
  const sales = live.find((p) => p.name === "Plugin Sales");
  expect(regular(sales?.statuses ?? [])).toEqual(["New", "Offer"]);
  expect(sales?.statuses.find((s) => s.name === "Offer")?.color).toBe("#98cbff");
  expect(regular(live.find((p) => p.name === "Plugin Board")?.statuses ?? [])).toEqual(["Triage"]);
  expect(await secondAccount()).toContain("Other account");
  expect(live.map((p) => p.name)).not.toContain("Other account");
  expect(up.outputs.boardFound?.value).toBe(up.outputs.boardId?.value);
  const state = await w.stack.exportStack();
  const types = (state.deployment.resources as { type: string }[]).map((r) => r.type);
  expect(types).toEqual(
    expect.arrayContaining(["kommo:index:Pipeline", "kommo:index:Status", "pulumi:providers:kommo"]),
  );
});

test("neither account's token is anywhere in the state", () => {
  const files = allFiles(w.backendDir);
  expect(files.length).toBeGreaterThan(0);
  for (const { file, text } of files) {
    if (text.includes(TOKEN) || text.includes(SECOND_TOKEN)) throw new Error(`an access token is in ${file}`);
  }
});

test("a change updates in place, and preview after it shows nothing", async () => {
  await declare({
    sales: {
      name: "Plugin Sales",
      sort: 20,
      stages: [{ name: "New" }, { name: "Call" }, { name: "Offer", color: "#98cbff" }],
    },
  });
  const up = await w.stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
  const live = await liveStructure(w);
  expect(regular(live.find((p) => p.name === "Plugin Sales")?.statuses ?? [])).toEqual(["New", "Call", "Offer"]);
  expect(noChanges((await w.stack.preview()).changeSummary)).toEqual([]);
});

test("drift made by hand shows after refresh, and up puts it right", async () => {
  const ids = (await w.stack.outputs()).salesStatusIds?.value as Record<string, number>;
  const salesId = (await w.stack.outputs()).salesId?.value as number;
  const res = await w.api("PATCH", `/api/v4/leads/pipelines/${salesId}/statuses/${ids.Call}`, {
    name: "Renamed by hand",
  });
  expect(res.status).toBe(200);
  await w.stack.refresh();
  expect((await w.stack.preview()).changeSummary).toMatchObject({ update: 1 });
  await w.stack.up();
  const live = await liveStructure(w);
  expect(regular(live.find((p) => p.name === "Plugin Sales")?.statuses ?? [])).toEqual(["New", "Call", "Offer"]);
});

test("two providers on one account, each a process of its own, never overshoot its limit together", async () => {
  const stages = (tag: string) => Array.from({ length: 8 }, (_, i) => `${tag} ${i + 1}`);
  await declare({ twins: { stages: stages("Step") } });
  await w.stack.up();
  await w.requests();
  // Every stage of both pipelines renamed: sixteen PATCHes at once from two plugin processes.
  await declare({ twins: { stages: stages("Phase") } });
  const up = await w.stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ update: 2 });
  const seen = await w.requests();
  expect(seen.byMethod.PATCH).toBeGreaterThanOrEqual(16);
  expect(seen.provider429).toBe(0);
  const live = await liveStructure(w);
  for (const twin of ["Twin A", "Twin B"]) {
    expect(regular(live.find((p) => p.name === twin)?.statuses ?? [])).toEqual(stages("Phase"));
  }
  await declare({ twins: undefined });
  await w.stack.up();
});

test("pulumi import takes over a pipeline and a status made by hand, and the next preview shows no changes", async () => {
  const made = await w.api("POST", "/api/v4/leads/pipelines", [
    {
      name: "Made by hand",
      sort: 60,
      is_main: false,
      is_unsorted_on: true,
      _embedded: {
        statuses: [
          { name: "One", sort: 10, color: "#ffdc7f" },
          { name: "Two", sort: 20 },
        ],
      },
    },
  ]);
  expect(made.status).toBe(200);
  const pipelineId = made.body._embedded.pipelines[0].id as number;
  const boardId = (await w.stack.outputs()).boardId?.value as number;
  const st = await w.api("POST", `/api/v4/leads/pipelines/${boardId}/statuses`, [{ name: "Added by hand", sort: 500 }]);
  expect(st.status).toBe(200);
  const statusId = st.body._embedded.statuses[0].id as number;

  const imported = await w.stack.import({
    resources: [
      { type: "kommo:index:Pipeline", name: "imported", id: String(pipelineId) },
      { type: "kommo:index:Status", name: "importedStatus", id: `${boardId}/${statusId}` },
    ],
    protect: false,
    generateCode: false,
  });
  expect(imported.summary.result).toBe("succeeded");
  const state = await w.stack.exportStack();
  const rows = state.deployment.resources as { urn: string; id?: string; inputs?: Record<string, unknown> }[];
  const pipeline = rows.find((r) => r.urn.endsWith("::imported"));
  expect(pipeline?.id).toBe(String(pipelineId));
  const inputs = pipeline?.inputs as {
    name: string;
    sort: number;
    statuses: { key: string; name: string; color?: string }[];
  };
  expect(inputs.statuses.map((s) => s.name)).toEqual(["One", "Two"]);
  const status = rows.find((r) => r.urn.endsWith("::importedStatus"));
  expect(status?.id).toBe(String(statusId));
  const statusInputs = status?.inputs as { name: string; sort: number; color?: string };

  // The program now declares what was imported, as the import read it: nothing to do.
  await declare({
    importedPipeline: {
      name: inputs.name,
      sort: inputs.sort,
      stages: inputs.statuses.map(({ name, color }) => ({ name, ...(color ? { color } : {}) })),
    },
    importedStatus: {
      name: statusInputs.name,
      sort: statusInputs.sort,
      ...(statusInputs.color ? { color: statusInputs.color } : {}),
    },
  });
  expect(noChanges((await w.stack.preview()).changeSummary)).toEqual([]);
});

test("importing an id that Kommo does not have says so", async () => {
  await expect(
    w.stack.import({
      resources: [{ type: "kommo:index:Pipeline", name: "ghost", id: "999999999" }],
      protect: false,
      generateCode: false,
    }),
  ).rejects.toThrow(/does not exist|not found/i);
});

test("destroy removes everything from both accounts", async () => {
  const before = (await liveStructure(w)).length;
  const down = await w.stack.destroy();
  expect(down.summary.result).toBe("succeeded");
  const names = (await liveStructure(w)).map((p) => p.name);
  for (const gone of ["Plugin Sales", "Plugin Board", "Made by hand"]) expect(names).not.toContain(gone);
  expect(names.length).toBe(before - 3);
  expect(await secondAccount()).not.toContain("Other account");
});
