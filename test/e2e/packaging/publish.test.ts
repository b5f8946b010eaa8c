import * as fs from "node:fs";
import * as path from "node:path";
import { renderProject } from "../../../cli/export/files";
import { REPO, sh } from "./harness";

/**
 * Publish readiness, without the Pulumi CLI: what `npm publish` would send, and what it promises in package.json.
 * Packed from dist/ as `npm test` just built it (from a clean dist/, so a file that no source makes any more shows).
 */
jest.setTimeout(120_000);

const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
  version: string;
  files: string[];
  exports: Record<string, string | { types: string; default: string }>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every source file of a folder, relative to the repository, without `.ts`. */
const sources = (dir: string) =>
  fs
    .readdirSync(path.join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => path.relative(REPO, path.join(e.parentPath, e.name)).replace(/\.ts$/, ""));

let published: string[];
let warnings: string[];

beforeAll(async () => {
  // --ignore-scripts: prepack's clean build would rewrite dist/ under the other suites' feet.
  const { stdout, stderr } = await sh("npm", ["publish", "--dry-run", "--ignore-scripts", "--json"], REPO);
  // npm 10 prints the package's entry itself, npm 11 an object of entries by package name.
  const json = JSON.parse(stdout) as { files?: { path: string }[] } & Record<string, { files: { path: string }[] }>;
  published = (json.files ?? json["pulumi-kommo"]?.files ?? []).map((f) => f.path).sort();
  // A dry run cannot be logged in to the registry, and says so; anything else it warns about is a problem.
  warnings = stderr
    .split("\n")
    .filter((line) => /^npm (warn|error)/i.test(line) && !/requires you to be logged in/.test(line));
});

test("npm publish --dry-run has nothing to warn about", () => {
  expect(warnings).toEqual([]);
});

test("the package ships the compiled provider, emulator and CLI, with types where there is an export, and nothing else", () => {
  const expected = [
    ...["provider", "emulator"].flatMap((dir) => sources(dir).flatMap((s) => [`dist/${s}.js`, `dist/${s}.d.ts`])),
    // The CLI is only run, through its bin, never imported: no types.
    ...sources("cli").map((s) => `dist/${s}.js`),
    "bin/kommo-iac.js",
    // The plugin face: its executable, and the schema it serves.
    "bin/pulumi-resource-kommo",
    "dist/provider/plugin/schema.json",
    "emulator/bin/kommo-emulator.js",
    "emulator/README.md",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "package.json",
  ].sort();
  expect(published).toEqual(expected);
});

test("every export resolves to a shipped file, with its types beside it", () => {
  for (const [subpath, target] of Object.entries(PKG.exports)) {
    if (subpath === "./package.json") continue;
    expect(target).toEqual({ types: expect.stringMatching(/\.d\.ts$/), default: expect.stringMatching(/\.js$/) });
    const { types, default: js } = target as { types: string; default: string };
    expect(published).toContain(path.normalize(js));
    expect(published).toContain(path.normalize(types));
    expect(types.replace(/\.d\.ts$/, "")).toBe(js.replace(/\.js$/, ""));
  }
  // The provider modules that state from every version requires by name (resources/kommoResource.ts).
  expect(Object.keys(PKG.exports)).toEqual(
    expect.arrayContaining([
      "./dist/provider/runtime/pipelineProvider.js",
      "./dist/provider/runtime/statusProvider.js",
    ]),
  );
});

test("@pulumi/pulumi is a peer (the program's own copy), tested at one release, and nothing else depends on it", () => {
  expect(PKG.dependencies["@pulumi/pulumi"]).toBeUndefined();
  expect(PKG.peerDependencies["@pulumi/pulumi"]).toMatch(/^\^3\.\d+\.\d+$/);
  expect(PKG.devDependencies["@pulumi/pulumi"]).toMatch(/^3\.\d+\.\d+$/);
});

test("kommo-iac export writes a package.json that pins the version it came from", () => {
  const { files } = renderProject(
    { baseUrl: "https://acme.kommo.com", pipelines: [] },
    { project: "p", stack: "dev", address: { subdomain: "acme" } },
  );
  const written = JSON.parse(files["package.json"] ?? "{}") as { dependencies: Record<string, string> };
  expect(written.dependencies).toEqual({
    "pulumi-kommo": PKG.version,
    "@pulumi/pulumi": PKG.devDependencies["@pulumi/pulumi"],
  });
});
