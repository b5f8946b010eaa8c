import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { installPackage } from "../../scripts/bench/installPackage";
import { REPO, TOKEN, pulumiCommand, world, type World } from "./harness";

/**
 * Issue 6's "done when", as a new user would go: an account changed by hand through the API is exported with
 * kommo-iac, the exported program is brought up (adoption only, nothing written), the next preview is empty, a
 * status color is changed in the program, and kommo-iac show sees it.
 */
jest.setTimeout(300_000);

const run = promisify(execFile);
const iac = (args: string[], env: Record<string, string>) =>
  run(process.execPath, [path.join(REPO, "bin", "kommo-iac.js"), ...args], { env: { ...process.env, ...env } });

let w: World;
let dir: string;
let stack: Stack;

beforeAll(async () => {
  w = await world("program", "unused");
  // By hand, through the API, as sales ops would have over the years.
  const made = await w.api("POST", "/api/v4/leads/pipelines", [
    {
      name: "Enterprise deals",
      sort: 3,
      is_main: false,
      is_unsorted_on: true,
      _embedded: {
        statuses: [
          { id: 142, name: "Signed 🎉" },
          { name: "Discovery", sort: 10, color: "#d6eaff" },
          { name: "Security review", sort: 20, color: "#f3beff" },
        ],
      },
    },
  ]);
  expect(made.status).toBe(200);
  const pipelineId = made.body._embedded.pipelines[0].id;
  const added = await w.api("POST", `/api/v4/leads/pipelines/${pipelineId}/statuses`, [
    {
      name: "Procurement",
      sort: 100,
      color: "#ffce5a",
      descriptions: [{ level: "master", description: "Ask for the PO number" }],
    },
  ]);
  expect(added.status).toBe(200);

  // Inside the repository, so @pulumi/pulumi resolves from its node_modules; .state/ is ignored by git.
  fs.mkdirSync(path.join(REPO, ".state"), { recursive: true });
  dir = fs.mkdtempSync(path.join(REPO, ".state", "export-"));
  fs.rmSync(dir, { recursive: true });
  await iac(["export", "--out", dir, "--stack", "adopted"], {
    KOMMO_BASE_URL: w.emulator.url,
    KOMMO_ACCESS_TOKEN: TOKEN,
  });
  installPackage(REPO, dir, path.join(REPO, ".state", "export-pack"));
  stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "adopted", workDir: dir },
    { pulumiCommand: await pulumiCommand(), envVars: { ...(w.stack.workspace as LocalWorkspace).envVars } },
  );
  await stack.setConfig("kommo:accessToken", { value: TOKEN, secret: true });
});

afterAll(async () => {
  await stack?.workspace.removeStack("adopted", { force: true }).catch(() => undefined);
  await w?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("the exported program declares the account, with adoption set, and never the token", () => {
  const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
  for (const name of [
    "Enterprise deals",
    "Signed 🎉",
    "Discovery",
    "Security review",
    "Procurement",
    "Ask for the PO number",
  ]) {
    expect(index).toContain(name);
  }
  expect(index).toMatch(/adopt: \{ id: \d+ \}/);
  for (const file of fs.readdirSync(dir).filter((f) => !fs.statSync(path.join(dir, f)).isDirectory())) {
    expect(fs.readFileSync(path.join(dir, file), "utf8")).not.toContain(TOKEN);
  }
});

test("up adopts everything and writes nothing to Kommo", async () => {
  await w.requests();
  const up = await stack.up();
  expect(up.summary.result).toBe("succeeded");
  const changes = up.summary.resourceChanges ?? {};
  // Two pipelines (the account's own and Enterprise deals), each with its stages inline, and the stack.
  expect(changes.create).toBe(3);
  expect(changes.update ?? 0).toBe(0);
  expect(changes.delete ?? 0).toBe(0);
  const { applied, byMethod } = await w.requests();
  expect({ applied, POST: byMethod.POST ?? 0 }).toEqual({ applied: 0, POST: 0 });
});

test("the next preview shows no changes at all", async () => {
  const preview = await stack.preview();
  expect(Object.entries(preview.changeSummary).filter(([op, n]) => op !== "same" && n)).toEqual([]);
});

test("a stage color changed in the program is one in-place update of its pipeline, and kommo-iac show sees it", async () => {
  const file = path.join(dir, "index.ts");
  const before = fs.readFileSync(file, "utf8");
  expect(before).toContain('"#f3beff"');
  fs.writeFileSync(file, before.replace('"#f3beff"', '"#eb93ff"'));
  const up = await stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
  expect(up.summary.resourceChanges?.replace ?? 0).toBe(0);
  expect(up.summary.resourceChanges?.create ?? 0).toBe(0);

  const shown = await iac(["show", "--json"], { KOMMO_BASE_URL: w.emulator.url, KOMMO_ACCESS_TOKEN: TOKEN });
  const account = JSON.parse(shown.stdout) as {
    pipelines: { name: string; statuses: { name: string; color: string }[] }[];
  };
  const deals = account.pipelines.find((p) => p.name === "Enterprise deals")!;
  expect(deals.statuses.find((s) => s.name === "Security review")?.color).toBe("#eb93ff");
  const board = await iac(["show"], { KOMMO_BASE_URL: w.emulator.url, KOMMO_ACCESS_TOKEN: TOKEN, NO_COLOR: "1" });
  expect(board.stdout).toContain("Security review");
  expect(board.stdout).toContain("#eb93ff");
  expect(board.stdout + board.stderr + shown.stderr).not.toContain(TOKEN);
});
