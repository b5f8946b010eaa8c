import * as path from "node:path";
import {
  SDK,
  demoLifecycle,
  expectNoAbsolutePaths,
  matrixLifecycle,
  npmInstall,
  packCurrent,
  scenario,
  sdkCopies,
  writeProject,
  type Scenario,
} from "./harness";

jest.setTimeout(600_000);

let s: Scenario;
beforeAll(async () => {
  s = await scenario("oldest-sdk");
});
afterAll(async () => s?.close());

test("Node 20 with the oldest @pulumi/pulumi the package supports: the lifecycle and the demo's program", async () => {
  const dir = path.join(s.work, "stack");
  await s.step("install", async () => {
    const tarball = await packCurrent(s.work);
    writeProject(dir, {
      name: "kommo-oldest-sdk",
      sdk: SDK.oldest,
      kommo: `file:${path.relative(dir, tarball)}`,
      demo: true,
    });
    await npmInstall(dir);
  });
  expect(sdkCopies(dir)).toEqual([`${SDK.oldest} at node_modules/@pulumi/pulumi`]);

  const outputs = await s.step("lifecycle", async () => matrixLifecycle(s, await s.stack(dir)));
  expect(outputs).toMatchObject({ node: expect.stringMatching(/^v20\./), sdk: SDK.oldest });

  await s.step("demo", async () => demoLifecycle(await s.stack(path.join(dir, "demo"))));
  expectNoAbsolutePaths(s);
});
