/**
 * The plugin face from Pulumi YAML under the real CLI and the YAML language host (built by scripts/ensure-pulumi.sh
 * from the Go module proxy): both resources, an explicit provider on a second account, and a function; then a
 * change, drift by hand, `pulumi import` with the code the YAML host generates for it, and destroy. Neither
 * account's token reaches the state.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { TOKEN, allFiles, liveStructure, world, type LiveStatus, type World } from "./harness";

const SECOND_TOKEN = "e2e-yaml-second-account-8d21";

const regular = (statuses: LiveStatus[]) =>
  statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143).map((s) => [s.name, s.color]);

let w: World;
let second: RunningEmulator;

async function secondAccount(): Promise<string[]> {
  const res = await fetch(`${second.url}/api/v4/leads/pipelines`, {
    headers: { Authorization: `Bearer ${SECOND_TOKEN}` },
  });
  const body = (await res.json()) as { _embedded: { pipelines: { name: string }[] } };
  return body._embedded.pipelines.map((p) => p.name);
}

beforeAll(async () => {
  w = await world("plugin/yaml", "yaml", { PULUMI_DISABLE_REGISTRY_RESOLVE: "true" });
  second = await startEmulator({ adminToken: SECOND_TOKEN });
  await w.stack.setConfig("offerName", { value: "Offer" });
  await w.stack.setConfig("secondUrl", { value: second.url });
  await w.stack.setConfig("secondToken", { value: SECOND_TOKEN, secret: true });
});

afterAll(async () => {
  await w?.close();
  await second?.close();
});

test("up creates the pipelines, the status and the second account's pipeline; the function finds the main one", async () => {
  const before = await liveStructure(w);
  const up = await w.stack.up();
  expect(up.summary.result).toBe("succeeded");
  const live = await liveStructure(w);
  const sales = live.find((p) => p.name === "YAML Sales");
  expect(regular(sales?.statuses ?? [])).toEqual([
    ["New", expect.any(String)],
    ["Offer", "#98cbff"],
  ]);
  expect(sales?.statuses.find((s) => s.name === "Offer")?.descriptions?.map((d) => d.description)).toEqual([
    "Send the offer template.",
  ]);
  expect(regular(live.find((p) => p.name === "YAML Board")?.statuses ?? [])).toEqual([["Triage", "#ffdc7f"]]);
  expect(await secondAccount()).toContain("Other account");
  expect(up.outputs.accountMain?.value).toBe(before[0]?.id);
});

test("neither token is anywhere in the state", () => {
  for (const { file, text } of allFiles(w.backendDir)) {
    if (text.includes(TOKEN) || text.includes(SECOND_TOKEN)) throw new Error(`an access token is in ${file}`);
  }
});

test("a rename updates the stage in place", async () => {
  const offerId = (await w.stack.outputs()).offerId?.value as number;
  await w.stack.setConfig("offerName", { value: "Proposal" });
  const up = await w.stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
  expect(up.outputs.offerId?.value).toBe(offerId);
  const sales = (await liveStructure(w)).find((p) => p.name === "YAML Sales");
  expect(regular(sales?.statuses ?? []).map(([name]) => name)).toEqual(["New", "Proposal"]);
});

test("drift made by hand shows after refresh, and up puts it right", async () => {
  const outs = await w.stack.outputs();
  const res = await w.api(
    "PATCH",
    `/api/v4/leads/pipelines/${outs.boardId?.value as number}/statuses/${outs.triageId?.value as number}`,
    { name: "Triage", color: "#fffeb2" },
  );
  expect(res.status).toBe(200);
  await w.stack.refresh();
  expect((await w.stack.preview()).changeSummary).toMatchObject({ update: 1 });
  await w.stack.up();
  const board = (await liveStructure(w)).find((p) => p.name === "YAML Board");
  expect(regular(board?.statuses ?? [])).toEqual([["Triage", "#ffdc7f"]]);
});

test("pulumi import reads a pipeline made by hand, and the YAML host writes its declaration", async () => {
  const made = await w.api("POST", "/api/v4/leads/pipelines", [
    {
      name: "Made by hand",
      sort: 60,
      is_main: false,
      is_unsorted_on: true,
      _embedded: { statuses: [{ name: "One", sort: 10, color: "#ffdc7f" }] },
    },
  ]);
  expect(made.status).toBe(200);
  const id = String(made.body._embedded.pipelines[0].id);
  const imported = await w.stack.import({
    resources: [{ type: "kommo:index:Pipeline", name: "handMade", id }],
    protect: false,
  });
  expect(imported.summary.result).toBe("succeeded");
  // The YAML host writes the short form of the type token.
  expect(imported.generatedCode).toMatch(/type: kommo:(index:)?Pipeline/);
  expect(imported.generatedCode).toContain("Made by hand");
  expect(imported.generatedCode).toMatch(/name: One/);
});

test("destroy removes everything from both accounts", async () => {
  const down = await w.stack.destroy();
  expect(down.summary.result).toBe("succeeded");
  const names = (await liveStructure(w)).map((p) => p.name);
  for (const gone of ["YAML Sales", "YAML Board", "Made by hand"]) expect(names).not.toContain(gone);
  expect(await secondAccount()).not.toContain("Other account");
});
