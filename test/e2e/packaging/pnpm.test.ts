import * as fs from "node:fs";
import * as path from "node:path";
import {
  SDK,
  childEnv,
  expectAccount,
  expectDestroyed,
  expectNoAbsolutePaths,
  expectNoChanges,
  expectProvidersByName,
  expectRefreshFindsNothing,
  live,
  npmInstall,
  packCurrent,
  scenario,
  sdkCopies,
  sh,
  tools,
  up,
  writeProject,
  type Scenario,
} from "./harness";

jest.setTimeout(600_000);

let s: Scenario;
beforeAll(async () => {
  s = await scenario("pnpm");
});
afterAll(async () => s?.close());

test("a stack deployed from an npm install keeps working after switching to pnpm, and pnpm's own updates too", async () => {
  const { pnpm } = await s.step("tools", () => tools());
  const dir = path.join(s.work, "stack");
  await s.step("install", async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(await packCurrent(s.work), path.join(dir, "pulumi-kommo.tgz"));
    writeProject(dir, { name: "kommo-pnpm", sdk: SDK.repo, kommo: "file:pulumi-kommo.tgz" });
    await npmInstall(dir);
  });
  const before = await live(s);
  await s.step("up", async () => up(await s.stack(dir), 1));

  // The user switches package managers: pnpm links every package from its store, under a folder whose name
  // carries the version (node_modules/.pnpm/pulumi-kommo@.../node_modules/pulumi-kommo).
  await s.step("pnpm install", async () => {
    fs.rmSync(path.join(dir, "node_modules"), { recursive: true });
    fs.rmSync(path.join(dir, "package-lock.json"));
    await sh(
      process.execPath,
      [pnpm, "install", "--prefer-offline", "--config.confirmModulesPurge=false"],
      dir,
      childEnv({ CI: "true" }),
    );
  });
  const linked = path.join(dir, "node_modules", "pulumi-kommo");
  expect(fs.lstatSync(linked).isSymbolicLink()).toBe(true);
  expect(fs.realpathSync(linked)).toContain(`${path.sep}.pnpm${path.sep}`);
  expect(sdkCopies(dir)).toEqual([
    expect.stringMatching(new RegExp(`^${SDK.repo.replace(/\./g, "\\.")} at node_modules/\\.pnpm/`)),
  ]);

  const stack = await s.stack(dir);
  await s.step("preview", () => expectNoChanges(stack));
  await s.step("refresh", () => expectRefreshFindsNothing(stack));
  expect((await s.step("up", () => up(stack, 2))).changes).toEqual({ update: 3 });
  await expectAccount(s, before, 2);
  await expectProvidersByName(stack, 3);
  await s.step("destroy", () => expectDestroyed(stack));
  await expectAccount(s, before, "destroyed");
  expectNoAbsolutePaths(s);
});
