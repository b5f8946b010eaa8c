/**
 * The plugin face from Python. The SDK, generated from the schema (scripts/gen-sdks.sh, tools/pulumi/sdkgen),
 * installs with pip beside the PyPI `pulumi` SDK (pinned in plugin/python-types/requirements.txt) and imports; a
 * program that uses every part of it type-checks with pyright, while one with type errors is refused line by line.
 * Then a Python program (plugin/python) runs under the real CLI and the project's Python language host
 * (tools/pulumi/pylanghost): create with an explicit provider on a second account and a function, a rename,
 * drift by hand, `pulumi import`, and destroy, with neither token in state. The Go SDK is generated in the same run.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { REPO, TOKEN, allFiles, liveStructure, world, type LiveStatus, type World } from "./harness";

const HERE = path.join(__dirname, "plugin", "python-types");
let work: string;
let python: string;
let sdk: string;

const run = (cmd: string, args: string[], cwd = work) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });

interface Diagnostic {
  severity: string;
  message: string;
  range: { start: { line: number } };
}

/** pyright's findings for one file, as JSON: it exits non-zero when it finds errors, which is an answer too. */
function pyright(file: string): Diagnostic[] {
  let out: string;
  try {
    out = run(path.join(REPO, "node_modules", ".bin", "pyright"), ["--outputjson", file]);
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as { generalDiagnostics: Diagnostic[] }).generalDiagnostics.filter(
    (d) => d.severity === "error",
  );
}

beforeAll(() => {
  sdk = run("bash", [path.join(REPO, "scripts", "gen-sdks.sh"), "python", "go"], REPO).trim();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "kommo-python-sdk-"));
  run("python3", ["-m", "venv", "venv"]);
  python = path.join(work, "venv", "bin", "python");
  run(python, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "-r",
    path.join(HERE, "requirements.txt"),
    path.join(sdk, "python"),
  ]);
  for (const f of ["good.py", "bad.py"]) fs.copyFileSync(path.join(HERE, f), path.join(work, f));
  fs.writeFileSync(
    path.join(work, "pyrightconfig.json"),
    JSON.stringify({ pythonVersion: "3.11", venvPath: work, venv: "venv", typeCheckingMode: "standard" }),
  );
}, 600_000);

afterAll(async () => {
  await w?.close();
  await second?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the generated Python SDK installs and exposes the resources, the provider and the functions", () => {
  const out = run(python, [
    "-c",
    "import pulumi_kommo as k; print(k.Pipeline.__name__, k.Status.__name__, k.Provider.__name__, k.get_pipeline.__name__, k.get_status.__name__, len(list(k.StatusColor)))",
  ]);
  expect(out.trim()).toBe("Pipeline Status Provider get_pipeline get_status 21");
});

test("a program that uses every part of the SDK type-checks with no error", () => {
  expect(pyright("good.py").map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
});

test("each deliberate type error is reported on its line", () => {
  const lines = fs.readFileSync(path.join(HERE, "bad.py"), "utf8").split("\n");
  const marked = lines.flatMap((l, i) => (l.includes("# ERROR") ? [i] : []));
  expect(marked.length).toBeGreaterThanOrEqual(5);
  const reported = new Set(pyright("bad.py").map((d) => d.range.start.line));
  expect(marked.filter((i) => !reported.has(i))).toEqual([]);
});

test("the Go SDK is generated as a module of its own", () => {
  expect(fs.readFileSync(path.join(sdk, "go", "go.mod"), "utf8")).toMatch(
    /^module github\.com\/pulumi-kommo\/sdk\/go/m,
  );
  expect(fs.existsSync(path.join(sdk, "go", "kommo", "pipeline.go"))).toBe(true);
});

const SECOND_TOKEN = "e2e-python-second-account-51c7";
let w: World | undefined;
let second: RunningEmulator | undefined;

const regular = (statuses: LiveStatus[]) =>
  statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143).map((s) => [s.name, s.color]);

async function secondAccount(): Promise<string[]> {
  const res = await fetch(`${second?.url ?? ""}/api/v4/leads/pipelines`, {
    headers: { Authorization: `Bearer ${SECOND_TOKEN}` },
  });
  const body = (await res.json()) as { _embedded: { pipelines: { name: string }[] } };
  return body._embedded.pipelines.map((p) => p.name);
}

/** The program's project, in the work folder beside the virtualenv that holds the SDK. */
function pythonProject(): string {
  const dir = path.join(work, "program");
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(__dirname, "plugin", "python", "__main__.py"), path.join(dir, "__main__.py"));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    [
      "name: kommo-python-e2e",
      "runtime:",
      "  name: python",
      "  options:",
      `    virtualenv: ${path.join(work, "venv")}`,
      "plugins:",
      "  providers:",
      "    - name: kommo",
      `      path: ${path.join(REPO, "bin")}`,
      "",
    ].join("\n"),
  );
  return dir;
}

describe("a Python program under the real CLI", () => {
  let stack: World;

  beforeAll(async () => {
    second = await startEmulator({ adminToken: SECOND_TOKEN });
    w = await world(pythonProject(), "python", { PULUMI_DISABLE_REGISTRY_RESOLVE: "true" });
    stack = w;
    await stack.stack.setConfig("offerName", { value: "Offer" });
    await stack.stack.setConfig("secondUrl", { value: second.url });
    await stack.stack.setConfig("secondToken", { value: SECOND_TOKEN, secret: true });
  });

  test("up creates the pipelines, the status and the second account's; the function finds the main one", async () => {
    const before = await liveStructure(stack);
    const up = await stack.stack.up();
    expect(up.summary.result).toBe("succeeded");
    const live = await liveStructure(stack);
    expect(regular(live.find((p) => p.name === "Python Sales")?.statuses ?? [])).toEqual([
      ["New", expect.any(String)],
      ["Offer", "#98cbff"],
    ]);
    expect(regular(live.find((p) => p.name === "Python Board")?.statuses ?? [])).toEqual([["Triage", "#ffdc7f"]]);
    expect(await secondAccount()).toContain("Other account");
    expect(up.outputs.accountMain?.value).toBe(before[0]?.id);
    for (const { file, text } of allFiles(stack.backendDir)) {
      if (text.includes(TOKEN) || text.includes(SECOND_TOKEN)) throw new Error(`an access token is in ${file}`);
    }
  });

  test("a rename updates the stage in place, and drift made by hand is put right", async () => {
    const outs = await stack.stack.outputs();
    await stack.stack.setConfig("offerName", { value: "Proposal" });
    const up = await stack.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(up.outputs.offerId?.value).toBe(outs.offerId?.value);
    const res = await stack.api(
      "PATCH",
      `/api/v4/leads/pipelines/${outs.boardId?.value as number}/statuses/${outs.triageId?.value as number}`,
      { name: "Renamed by hand", color: "#ffdc7f" },
    );
    expect(res.status).toBe(200);
    await stack.stack.refresh();
    expect((await stack.stack.preview()).changeSummary).toMatchObject({ update: 1 });
    await stack.stack.up();
    const live = await liveStructure(stack);
    expect(regular(live.find((p) => p.name === "Python Board")?.statuses ?? [])).toEqual([["Triage", "#ffdc7f"]]);
    expect(regular(live.find((p) => p.name === "Python Sales")?.statuses ?? []).map(([n]) => n)).toEqual([
      "New",
      "Proposal",
    ]);
  });

  test("pulumi import takes over a status made by hand", async () => {
    const boardId = (await stack.stack.outputs()).boardId?.value as number;
    const st = await stack.api("POST", `/api/v4/leads/pipelines/${boardId}/statuses`, [{ name: "By hand", sort: 500 }]);
    expect(st.status).toBe(200);
    const statusId = st.body._embedded.statuses[0].id as number;
    // Our Python host does not write programs (GenerateProgram), so the code is not generated.
    const imported = await stack.stack.import({
      resources: [{ type: "kommo:index:Status", name: "byHand", id: `${boardId}/${statusId}` }],
      protect: false,
      generateCode: false,
    });
    expect(imported.summary.result).toBe("succeeded");
    const state = await stack.stack.exportStack();
    const row = (state.deployment.resources as { urn: string; id?: string; inputs?: { name?: string } }[]).find((r) =>
      r.urn.endsWith("::byHand"),
    );
    expect(row?.id).toBe(String(statusId));
    expect(row?.inputs?.name).toBe("By hand");
  });

  test("destroy removes everything from both accounts", async () => {
    const down = await stack.stack.destroy();
    expect(down.summary.result).toBe("succeeded");
    const names = (await liveStructure(stack)).map((p) => p.name);
    expect(names).not.toContain("Python Sales");
    expect(names).not.toContain("Python Board");
    expect(await secondAccount()).not.toContain("Other account");
  });
});

describe("kommo-iac export --language python", () => {
  let exported: World;
  let dir: string;

  beforeAll(async () => {
    dir = path.join(work, "exported");
    exported = await world(dir, "dev", { PULUMI_DISABLE_REGISTRY_RESOLVE: "true" }, {}, async (e) => {
      const res = await fetch(`${e.url}/api/v4/leads/pipelines`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify([
          {
            name: 'Deals "2024" \\ 🚀',
            sort: 20,
            is_main: false,
            is_unsorted_on: false,
            _embedded: {
              statuses: [
                { id: 142, name: "Signed ✍️" },
                { name: "Qualified", sort: 10, color: "#98cbff" },
                { name: "Qualified", sort: 20 },
              ],
            },
          },
        ]),
      });
      expect(res.status).toBe(200);
      // Not execFileSync: the emulator answering it runs in this process.
      await promisify(execFile)(process.execPath, [
        path.join(REPO, "bin", "kommo-iac.js"),
        "export",
        "--out",
        dir,
        "--language",
        "python",
        "--base-url",
        e.url,
        "--token",
        TOKEN,
      ]);
      // What the README's deploy steps make: the plugin installed, and the virtualenv with the SDK.
      fs.mkdirSync(path.join(dir, "node_modules"));
      fs.symlinkSync(REPO, path.join(dir, "node_modules", "pulumi-kommo"));
      fs.symlinkSync(path.join(work, "venv"), path.join(dir, "venv"));
    });
    await exported.stack.setConfig("kommo:baseUrl", { value: exported.emulator.url });
  });

  test("writes the project files, and the token in none of them", () => {
    const names = fs
      .readdirSync(dir)
      .filter((f) => !["node_modules", "venv"].includes(f))
      .sort();
    expect(names).toEqual([
      ".gitignore",
      "Pulumi.dev.yaml",
      "Pulumi.yaml",
      "README.md",
      "__main__.py",
      "package.json",
      "requirements.txt",
    ]);
    for (const f of names) expect(fs.readFileSync(path.join(dir, f), "utf8")).not.toContain(TOKEN);
  });

  test("the program type-checks, and its first up adopts every pipeline without a write to Kommo", async () => {
    expect(pyright(path.join(dir, "__main__.py")).map((d) => d.message)).toEqual([]);
    const before = await liveStructure(exported);
    await exported.requests();
    const up = await exported.stack.up();
    // The two pipelines, adopted, and the stack itself.
    expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
    expect((await exported.requests()).applied).toBe(0);
    expect(await liveStructure(exported)).toEqual(before);
    const preview = await exported.stack.preview();
    expect(Object.entries(preview.changeSummary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0)).toEqual([]);
  });

  afterAll(async () => {
    await exported?.close();
  });
});
