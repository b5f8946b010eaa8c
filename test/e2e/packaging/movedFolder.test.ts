import * as fs from "node:fs";
import * as path from "node:path";
import {
  SDK,
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
  up,
  writeProject,
  type Scenario,
} from "./harness";

jest.setTimeout(600_000);

let s: Scenario;
beforeAll(async () => {
  s = await scenario("moved-folder");
});
afterAll(async () => s?.close());

test("a stack that pins another @pulumi/pulumi gets one copy of it, and keeps working after its folder moves", async () => {
  // The tarball sits in the project, as a user's vendored copy would, so the move takes it along.
  const dir = path.join(s.work, "first-place", "stack");
  await s.step("install", async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(await packCurrent(s.work), path.join(dir, "pulumi-kommo.tgz"));
    writeProject(dir, { name: "kommo-moved-folder", sdk: SDK.other, kommo: "file:pulumi-kommo.tgz" });
    await npmInstall(dir);
  });
  // npm dedupes the peer dependency into the user's own copy: one @pulumi/pulumi, the version the user chose.
  expect(sdkCopies(dir)).toEqual([`${SDK.other} at node_modules/@pulumi/pulumi`]);
  const { stdout } = await sh("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], dir);
  expect(new Set(stdout.trim().split("\n"))).toEqual(new Set([path.join(dir, "node_modules", "@pulumi", "pulumi")]));

  const before = await live(s);
  const first = await s.step("up", async () => up(await s.stack(dir), 1));
  expect(first.outputs).toMatchObject({ sdk: SDK.other });

  const moved = path.join(s.work, "second-place", "elsewhere", "stack");
  fs.mkdirSync(path.dirname(moved), { recursive: true });
  fs.renameSync(dir, moved);
  const stack = await s.stack(moved);
  await s.step("preview", () => expectNoChanges(stack));
  await s.step("refresh", () => expectRefreshFindsNothing(stack));
  expect((await s.step("up", () => up(stack, 2))).changes).toEqual({ update: 3 });
  await expectAccount(s, before, 2);
  await expectProvidersByName(stack, 3);
  await s.step("destroy", () => expectDestroyed(stack));
  await expectAccount(s, before, "destroyed");
  expectNoAbsolutePaths(s);
});
