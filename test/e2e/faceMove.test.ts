/**
 * A TypeScript stack moves from the dynamic face to the plugin face without touching Kommo, as the README says:
 * one `up` that adds `retainOnDelete`, one that declares the plugin face's resources with the `import` option.
 * Kommo sees no write in either, and the stack previews clean on the plugin face afterwards.
 */
import { liveStructure, world, type World } from "./harness";

let w: World;

const noChanges = (summary: Record<string, number | undefined>) =>
  Object.entries(summary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0);

beforeAll(async () => {
  w = await world("plugin/move", "move", { PULUMI_DISABLE_REGISTRY_RESOLVE: "true" });
});

afterAll(async () => {
  await w?.close();
});

test("dynamic → retained → plugin: every object kept, no write to Kommo, and a clean preview", async () => {
  await w.stack.setConfig("step", { value: "dynamic" });
  const first = await w.stack.up();
  const ids = first.outputs.ids?.value as { sales: string; board: string; triage: string };
  const before = await liveStructure(w);
  await w.requests();

  await w.stack.setConfig("step", { value: "retained" });
  await w.stack.up();
  await w.stack.setConfig("step", { value: "plugin" });
  await w.stack.setConfig("ids", { value: JSON.stringify(ids) });
  const moved = await w.stack.up();
  expect(moved.summary.result).toBe("succeeded");
  expect(moved.summary.resourceChanges).toMatchObject({ import: 3, delete: 3 });
  expect((await w.requests()).applied).toBe(0);
  expect(await liveStructure(w)).toEqual(before);

  const state = await w.stack.exportStack();
  const types = (state.deployment.resources as { type: string }[])
    .map((r) => r.type)
    .filter((t) => t.includes("kommo"));
  expect(types.sort()).toEqual([
    "kommo:index:Pipeline",
    "kommo:index:Pipeline",
    "kommo:index:Status",
    "pulumi:providers:kommo",
  ]);
  expect(noChanges((await w.stack.preview()).changeSummary)).toEqual([]);

  // The plugin face manages them from now on: destroy deletes them from Kommo.
  await w.stack.destroy();
  const names = (await liveStructure(w)).map((p) => p.name);
  expect(names).not.toContain("Moving Sales");
  expect(names).not.toContain("Moving Board");
});
