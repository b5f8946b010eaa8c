/**
 * The Python SDK of the plugin face, generated from the schema (scripts/gen-sdks.sh, tools/pulumi/sdkgen): it
 * installs with pip beside the PyPI `pulumi` SDK (pinned in plugin/python-types/requirements.txt), imports, and a
 * program that uses every part of it type-checks with pyright, while a program with type errors is refused line by
 * line. The Go SDK is generated in the same run.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO } from "./harness";

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

afterAll(() => {
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
