import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts5 from "typescript";

/**
 * The published `.d.ts` files (dist/provider, built before the tests run) against the two compilers a stack meets:
 * the repository's TypeScript 5.x, and the TypeScript 3.8.3 that @pulumi/pulumi vendors and compiles a program
 * with when the stack has no `typescript` of its own. Pulumi's ts-node reports the diagnostics of the program's own
 * files; a declaration it cannot parse shows there as a missing constructor or property, so both are checked.
 */

const REPO = path.resolve(__dirname, "../..");
const DIST = path.join(REPO, "dist", "provider");
const VENDORED = path.join(REPO, "node_modules", "@pulumi", "pulumi", "vendor", "typescript@3.8.3", "typescript.js");

const ts38 = require(VENDORED) as typeof ts5;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as kommo from "pulumi-kommo";

const sales = new kommo.Pipeline("sales", {
  name: "Sales",
  sort: 10,
  statuses: [{ name: "New", color: "#fffeb2" }, { key: "q", name: "Qualified" }],
});
const board = new kommo.Pipeline("board", { name: "Board", sort: 20 });
const won = new kommo.Status("won", { pipelineId: board.pipelineId, name: "Paid", sort: 10 });
const found: pulumi.Output<kommo.PipelineLookup> = kommo.lookupPipeline({ name: "Sales" });
const colors: readonly string[] = kommo.STATUS_COLORS;

export const id: pulumi.Output<string> = sales.id;
export const ids = sales.statusIds;
export const status: pulumi.Output<number> = won.statusId;
export const names = pulumi.all([sales.name, board.assignedSort, found, colors]);
`;

/** A stack folder whose node_modules links this package's build and the repository's @pulumi/pulumi. */
function stack(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kommo-types-"));
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
  const pkg = path.join(modules, "pulumi-kommo");
  fs.mkdirSync(pkg);
  fs.writeFileSync(
    path.join(pkg, "package.json"),
    JSON.stringify({ name: "pulumi-kommo", types: "dist/provider/index.d.ts" }),
  );
  fs.mkdirSync(path.join(pkg, "dist"));
  fs.symlinkSync(DIST, path.join(pkg, "dist", "provider"), "dir");
  fs.symlinkSync(path.join(REPO, "node_modules", "@pulumi", "pulumi"), path.join(modules, "@pulumi", "pulumi"), "dir");
  fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  return dir;
}

function programDiagnostics(ts: typeof ts5, dir: string): string[] {
  const file = path.join(dir, "index.ts");
  // The options Pulumi's run.js gives ts-node for a TypeScript before 4.7, with the strictness of Pulumi's templates.
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    // "node": named NodeJs in 3.8 and Node10 in 5.x, 2 in both.
    moduleResolution: 2,
    strict: true,
    noEmit: true,
    types: [],
  });
  const source = program.getSourceFile(file);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  );
}

/** The syntax errors of every published declaration file, as this compiler parses them. */
function declarationSyntaxErrors(ts: typeof ts5): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".d.ts")) files.push(full);
    }
  };
  walk(DIST);
  expect(files.length).toBeGreaterThan(10);
  const program = ts.createProgram(files, { noEmit: true, types: [], noResolve: true });
  return files.flatMap((f) =>
    program
      .getSyntacticDiagnostics(program.getSourceFile(f))
      .map((d) => `${path.relative(DIST, f)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`),
  );
}

describe.each([
  ["3.8.3, vendored by @pulumi/pulumi", ts38],
  ["5.x, the repository's", ts5],
])("the published types under TypeScript %s", (_name, ts) => {
  test("every declaration file parses", () => {
    expect(declarationSyntaxErrors(ts)).toEqual([]);
  });

  test("a stack's program using every resource and a lookup type-checks", () => {
    const dir = stack();
    try {
      expect(programDiagnostics(ts, dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test("the vendored compiler is the 3.8.3 a stack without typescript gets", () => {
  expect(ts38.version).toBe("3.8.3");
});
