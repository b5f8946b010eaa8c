import * as fs from "node:fs";
import * as path from "node:path";
import {
  REPO,
  SDK,
  expectAccount,
  expectDestroyed,
  expectNoAbsolutePaths,
  expectNoChanges,
  expectProvidersByName,
  expectRefreshFindsNothing,
  live,
  npmInstall,
  scenario,
  up,
  writeProject,
  type Scenario,
} from "./harness";

/**
 * The package used from a folder rather than a tarball: what pulumi.dynamic.Resource would have serialized by value,
 * with the folder's absolute path, until 0.2. Both use this checkout's dist/ as `npm test` just built it.
 */
jest.setTimeout(600_000);

let s: Scenario;
beforeAll(async () => {
  s = await scenario("linked");
});
afterAll(async () => s?.close());

test("a stack that installs this checkout with `npm install ../pulumi-kommo` (a symlink) stores no path", async () => {
  const dir = path.join(s.work, "stack");
  await s.step("install", async () => {
    // The checkout's own @pulumi/pulumi (its dev dependency) is what its code loads, so the stack pins the same.
    writeProject(dir, { name: "kommo-linked", sdk: SDK.repo, kommo: `file:${path.relative(dir, REPO)}` });
    await npmInstall(dir);
  });
  expect(fs.realpathSync(path.join(dir, "node_modules", "pulumi-kommo"))).toBe(REPO);

  const before = await live(s);
  const stack = await s.stack(dir);
  await s.step("up", () => up(stack, 1));
  await expectProvidersByName(stack, 3);
  await s.step("preview", () => expectNoChanges(stack));
  await s.step("refresh", () => expectRefreshFindsNothing(stack));
  await s.step("up", () => up(stack, 2));
  await expectAccount(s, before, 2);
  await s.step("destroy", () => expectDestroyed(stack));
  expectNoAbsolutePaths(s);
});

test("the repository's own program (Pulumi.yaml at the root) reaches the package by name through node_modules", async () => {
  // `npm ci` links node_modules/pulumi-kommo to the checkout (the `file:.` dev dependency), which is where the
  // provider process, started in the checkout, finds it.
  expect(fs.realpathSync(path.join(REPO, "node_modules", "pulumi-kommo"))).toBe(REPO);
  const stackName = `packaging-${process.pid}`;
  const stack = await s.stack(REPO, stackName);
  try {
    await s.step("root program up", async () => expect((await stack.up()).summary.result).toBe("succeeded"));
    await expectProvidersByName(stack);
    await s.step("root program destroy", () => expectDestroyed(stack));
    expectNoAbsolutePaths(s);
  } finally {
    // The stack's config file is written next to Pulumi.yaml (ignored by git); the state is in the scenario's backend.
    fs.rmSync(path.join(REPO, `Pulumi.${stackName}.yaml`), { force: true });
  }
});
