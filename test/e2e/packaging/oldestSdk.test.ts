import * as fs from "node:fs";
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

/**
 * A TypeScript stack with no `typescript` (and no @types/node) of its own, as many are: Pulumi then compiles the
 * program with the TypeScript 3.8.3 that @pulumi/pulumi vendors, and type-checks it against the published `.d.ts`.
 * Types that use newer syntax fail here before anything runs ("Expected 0 arguments, but got 2").
 */
test("a TypeScript program compiled by the TypeScript 3.8.3 that Pulumi vendors: the demo's program, up and destroy", async () => {
  const dir = path.join(s.work, "stack-without-typescript");
  await s.step("install", async () => {
    const tarball = await packCurrent(s.work);
    writeProject(dir, { name: "kommo-no-typescript", sdk: SDK.oldest, kommo: `file:${path.relative(dir, tarball)}` });
    // The demo's program in place of the JavaScript one, with no tsconfig.json: Pulumi's own defaults apply.
    fs.rmSync(path.join(dir, "index.js"));
    fs.copyFileSync(path.join(__dirname, "..", "..", "..", "program", "index.ts"), path.join(dir, "index.ts"));
    const yaml = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      yaml.replace("typescript: false", "typescript: true").replace("main: index.js", "main: index.ts"),
    );
    await npmInstall(dir);
  });
  expect(fs.existsSync(path.join(dir, "node_modules", "typescript"))).toBe(false);
  expect(
    fs.existsSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "vendor", "typescript@3.8.3", "typescript.js")),
  ).toBe(true);

  await s.step("demo", async () => demoLifecycle(await s.stack(dir)));
  expectNoAbsolutePaths(s);
});
