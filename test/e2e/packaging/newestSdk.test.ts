import * as fs from "node:fs";
import * as path from "node:path";
import {
  SDK,
  USER_TSCONFIG,
  childEnv,
  demoLifecycle,
  expectNoAbsolutePaths,
  matrixLifecycle,
  npmInstall,
  packCurrent,
  scenario,
  sdkCopies,
  sh,
  tools,
  writeProject,
  type Scenario,
} from "./harness";

jest.setTimeout(600_000);

let s: Scenario;
beforeAll(async () => {
  s = await scenario("newest-sdk");
});
afterAll(async () => s?.close());

/** Every export of the package, used from TypeScript as a user's tsconfig (module node16) resolves it. */
const EVERY_EXPORT = `
import * as kommo from "pulumi-kommo";
import * as runtime from "pulumi-kommo/runtime";
import * as emulator from "pulumi-kommo/emulator";
import pipelineProvider = require("pulumi-kommo/dist/provider/runtime/pipelineProvider.js");
import statusProvider = require("pulumi-kommo/dist/provider/runtime/statusProvider.js");

export const used: unknown[] = [
  kommo.Pipeline satisfies new (name: string, args: kommo.PipelineArgs) => kommo.Pipeline,
  kommo.Status satisfies new (name: string, args: kommo.StatusArgs) => kommo.Status,
  kommo.lookupPipeline,
  kommo.STATUS_COLORS,
  runtime.configure,
  emulator.startEmulator satisfies (options?: emulator.EmulatorOptions) => Promise<emulator.RunningEmulator>,
  pipelineProvider.create,
  statusProvider.read,
];
`;

test("Node 22 with the newest @pulumi/pulumi: the lifecycle, the demo's program, and types for every export", async () => {
  const { node22Bin } = await s.step("tools", () => tools());
  // Node 22 first on PATH, for npm, the CLI's language host, the program and the provider process alike.
  const env = { PATH: `${node22Bin}${path.delimiter}${process.env.PATH}` };
  const dir = path.join(s.work, "stack");
  await s.step("install", async () => {
    const tarball = await packCurrent(s.work);
    writeProject(dir, {
      name: "kommo-newest-sdk",
      sdk: SDK.newest,
      kommo: `file:${path.relative(dir, tarball)}`,
      demo: true,
    });
    await npmInstall(dir, childEnv(env));
  });
  expect(sdkCopies(dir)).toEqual([`${SDK.newest} at node_modules/@pulumi/pulumi`]);

  await s.step("types", async () => {
    const check = path.join(dir, "types");
    fs.mkdirSync(check);
    fs.writeFileSync(path.join(check, "index.ts"), EVERY_EXPORT);
    fs.writeFileSync(
      path.join(check, "tsconfig.json"),
      JSON.stringify({ ...USER_TSCONFIG, compilerOptions: { ...USER_TSCONFIG.compilerOptions, noEmit: true } }),
    );
    await sh(
      process.execPath,
      [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", check],
      dir,
      childEnv(env),
    );
  });

  const outputs = await s.step("lifecycle", async () => matrixLifecycle(s, await s.stack(dir, "dev", env)));
  expect(outputs).toMatchObject({ node: expect.stringMatching(/^v22\./), sdk: SDK.newest });

  await s.step("demo", async () => demoLifecycle(await s.stack(path.join(dir, "demo"), "dev", env)));
  expectNoAbsolutePaths(s);
});
