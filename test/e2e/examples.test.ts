import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { REPO, TOKEN, allFiles, pulumiCommand } from "./harness";

/**
 * The examples as a user meets them: the repository is packed once with `npm pack`, each example is copied out of
 * the repository and gets the tarball with `npm install`, and the real Pulumi CLI runs it against an emulator.
 * Nothing resolves through this checkout's node_modules, so a file missing from the package, a dev-only
 * dependency needed at runtime, a broken exports map or a provider that only serializes small inside the repo
 * fails here.
 */

// Measured on the project's 2-core machine with a warm npm cache: about a minute for the whole file, a third of it
// packing and installing. Each hook or test gets the file's whole budget, since a cold cache makes the installs
// download @pulumi/pulumi's dependencies first.
jest.setTimeout(240_000);

const exec = promisify(execFile);

// Under `npm test`, npm passes its whole configuration down as npm_* variables, the repository as the local prefix
// among them; an install in an example must not inherit that. The cache and the registry are the machine's and
// are kept, so every install shares one cache.
const KEPT_NPM_SETTINGS = new Set(["npm_config_cache", "npm_config_registry"]);
const childEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => KEPT_NPM_SETTINGS.has(k.toLowerCase()) || (!/^npm_/i.test(k) && k !== "INIT_CWD"),
    ),
  );

async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()) {
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
      const source = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
      const built = path.join(REPO, "dist", path.relative(REPO, source)).replace(/\.ts$/, ".js");
      if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(source).mtimeMs)
        stale.push(path.relative(REPO, source));
    }
  }
  return stale;
}

const EXAMPLES = ["new-crm", "adopt-existing", "two-stacks"] as const;
type Example = (typeof EXAMPLES)[number];

/** Everything lives under one temporary folder outside the repository: the tarball, the examples, the backends. */
let work: string;
let tarball: string;
const exampleDir = (name: Example) => path.join(work, "examples", name);

beforeAll(async () => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kommo-examples-")));
  if (!path.relative(REPO, work).startsWith("..")) throw new Error(`${work} is inside the repository`);

  // The tarball is packed from dist/ as `npm test` just built it. --ignore-scripts skips prepack's rebuild: jest
  // runs other end-to-end files at the same time, and their providers load dist/ while tsc would be rewriting it.
  const stale = staleBuildOutputs();
  if (stale.length)
    throw new Error(`dist/ is older than its sources (${stale.slice(0, 3).join(", ")}): run \`npm run build\` first`);
  await sh("npm", ["pack", "--ignore-scripts", "--pack-destination", work], REPO);
  const packed = fs.readdirSync(work).filter((f) => f.endsWith(".tgz"));
  expect(packed).toEqual(["pulumi-kommo-0.1.0.tgz"]);
  tarball = path.join(work, packed[0]);

  // The same layout as the repository, so the examples' `file:../../pulumi-kommo-0.1.0.tgz` and the README's
  // `npm install ../../pulumi-kommo-0.1.0.tgz` point at the tarball. The three installs run side by side on npm's
  // one cache, and --prefer-offline takes what is cached there without asking the registry again.
  await Promise.all(
    EXAMPLES.map(async (name) => {
      fs.cpSync(path.join(REPO, "examples", name), exampleDir(name), {
        recursive: true,
        filter: (src) => !/[\\/](node_modules|package-lock\.json)$/.test(src),
      });
      await sh(
        "npm",
        ["install", path.relative(exampleDir(name), tarball), "--no-audit", "--no-fund", "--prefer-offline"],
        exampleDir(name),
      );
    }),
  );
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// Small helpers: a stack of an example against an emulator, the account as the emulator holds it, state checks.

interface Account {
  emulator: RunningEmulator;
  token: string;
  api<T = any>(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: T }>;
}

async function account(token = TOKEN): Promise<Account> {
  const emulator = await startEmulator({ adminToken: token });
  // The test's reads share the emulator's rate limit with the provider, so they wait out a 429 instead of failing.
  const api = async (method: string, apiPath: string, body?: unknown) => {
    for (;;) {
      const res = await fetch(`${emulator.url}${apiPath}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const parsed = text ? JSON.parse(text) : undefined;
      if (res.status !== 429) return { status: res.status, body: parsed };
      await new Promise((r) => setTimeout(r, 1000 * (parsed?.retry_after ?? 1)));
    }
  };
  return { emulator, token, api };
}

interface LiveStatus {
  id: number;
  name: string;
  color: string;
  type: number;
  descriptions?: { level: string; description: string }[];
}
interface LivePipeline {
  id: number;
  name: string;
  statuses: LiveStatus[];
}

async function live(a: Account): Promise<LivePipeline[]> {
  const { body } = await a.api("GET", "/api/v4/leads/pipelines");
  const out: LivePipeline[] = [];
  for (const p of body._embedded.pipelines) {
    const { body: s } = await a.api("GET", `/api/v4/leads/pipelines/${p.id}/statuses?with=descriptions`);
    const statuses = (s._embedded.statuses as (LiveStatus & { sort: number })[]).sort((x, y) => x.sort - y.sort);
    out.push({ id: p.id, name: p.name, statuses });
  }
  return out;
}

const pipelineNamed = (all: LivePipeline[], name: string) => {
  const found = all.filter((p) => p.name === name);
  if (found.length !== 1)
    throw new Error(`${found.length} pipelines named "${name}" in ${JSON.stringify(all.map((p) => p.name))}`);
  return found[0];
};
/** The regular statuses, in Kommo's order: what a user declares. */
const regular = (p: LivePipeline) => p.statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143);

async function stackOf(name: Example, stackName: string, a: Account): Promise<{ stack: Stack; backend: string }> {
  const backend = path.join(work, "backends", `${name}-${stackName}`);
  fs.mkdirSync(backend, { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir: exampleDir(name) },
    {
      pulumiCommand: await pulumiCommand(),
      envVars: {
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_HOME: path.join(work, "pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE: "examples-throwaway-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // The stack's own config must be what reaches the provider, as in the READMEs.
        KOMMO_ACCESS_TOKEN: "",
        KOMMO_BASE_URL: "",
        KOMMO_SUBDOMAIN: "",
      },
    },
  );
  await stack.setConfig("kommo:baseUrl", { value: a.emulator.url });
  await stack.setConfig("kommo:accessToken", { value: a.token, secret: true });
  return { stack, backend };
}

const changes = (summary: Record<string, number | undefined>) =>
  Object.fromEntries(Object.entries(summary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0));

/**
 * Installed under node_modules, each resource's serialized provider is a `require` of the package's provider
 * module and nothing else: no client code, no settings, no token. Returns the sizes for the report.
 */
async function checkState(stack: Stack, backend: string, token: string): Promise<number[]> {
  const state = await stack.exportStack();
  const providers = (state.deployment.resources as { outputs?: { __provider?: string } }[])
    .map((r) => r.outputs?.__provider)
    .filter((p): p is string => typeof p === "string");
  expect(providers.length).toBeGreaterThan(0);
  for (const p of providers) {
    expect(Buffer.byteLength(p)).toBeLessThan(2048);
    expect(p).toMatch(/require\("pulumi-kommo\/dist\/provider\/runtime\/(pipeline|status)Provider\.js"\)/);
    expect(p).not.toContain(token);
  }
  for (const { file, text } of allFiles(backend)) {
    if (text.includes(token)) throw new Error(`the access token is in ${file}`);
  }
  return providers.map((p) => Buffer.byteLength(p));
}

const sizes: number[] = [];

afterAll(() => {
  if (sizes.length) {
    console.log(
      `serialized provider per resource, installed from the tarball: ${Math.min(...sizes)}-${Math.max(...sizes)} bytes`,
    );
  }
});

// ---------------------------------------------------------------------------------------------------------------

test("the installed package: only shipped files, runtime dependencies only, a working exports map and bins", async () => {
  const installed = path.join(exampleDir("new-crm"), "node_modules", "pulumi-kommo");
  // A copy from the tarball, not a link back into the checkout.
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  const top = fs.readdirSync(installed).sort();
  expect(top).toEqual(
    expect.arrayContaining(["CHANGELOG.md", "LICENSE", "README.md", "bin", "dist", "emulator", "package.json"]),
  );
  for (const absent of ["provider", "cli", "test", "tools", "scripts", "tsconfig.json", "jest.config.js"])
    expect(top).not.toContain(absent);
  expect(fs.readdirSync(path.join(installed, "dist")).sort()).toEqual(["cli", "emulator", "provider"]);

  // Every module the shipped JavaScript requires by name is a declared dependency or peer dependency, a Node
  // builtin, or the package itself.
  const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
  const allowed = new Set([
    ...Object.keys(pkg.dependencies),
    ...Object.keys(pkg.peerDependencies),
    ...builtinModules,
    pkg.name,
  ]);
  const required = new Set<string>();
  for (const { file, text } of allFiles(installed)) {
    if (!file.endsWith(".js")) continue;
    for (const m of text.matchAll(/require\("([^".][^"]*)"\)/g)) {
      const spec = m[1].replace(/^node:/, "");
      required.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
    }
  }
  expect([...required].filter((r) => !allowed.has(r))).toEqual([]);
  // The examples install typescript, @types/node and @pulumi/pulumi themselves (the last is the package's peer);
  // nothing else of the repository's dev tools, and the package itself is there from the tarball.
  const theirOwn = ["typescript", "@types/node", "@pulumi/pulumi", pkg.name];
  for (const dev of Object.keys(pkg.devDependencies ?? {}).filter((d) => !theirOwn.includes(d))) {
    expect(fs.existsSync(path.join(exampleDir("new-crm"), "node_modules", dev))).toBe(false);
  }

  // The exports map, as a user's code reaches it.
  const probe = [
    'const k = require("pulumi-kommo");',
    'if (typeof k.Pipeline !== "function" || typeof k.Status !== "function" || typeof k.lookupPipeline !== "function") throw new Error("root exports");',
    'if (typeof require("pulumi-kommo/runtime").pipeline !== "object") throw new Error("runtime export");',
    'if (require("pulumi-kommo/package.json").name !== "pulumi-kommo") throw new Error("package.json export");',
    'require("pulumi-kommo/dist/provider/runtime/statusProvider.js");',
  ].join("\n");
  await sh(process.execPath, ["-e", probe], exampleDir("new-crm"));

  // Both bins run from node_modules/.bin.
  const version = await sh(
    path.join(exampleDir("new-crm"), "node_modules", ".bin", "kommo-iac"),
    ["--version"],
    exampleDir("new-crm"),
  );
  expect(version.stdout).toContain("0.1.0");
  const help = await sh(
    path.join(exampleDir("new-crm"), "node_modules", ".bin", "kommo-emulator"),
    ["--help"],
    exampleDir("new-crm"),
  );
  expect(help.stdout + help.stderr).toMatch(/--port/);
});

test("new-crm: up builds both pipelines as declared, preview is empty, destroy leaves the account as it was", async () => {
  const a = await account();
  try {
    const before = await live(a);
    const { stack, backend } = await stackOf("new-crm", "dev", a);

    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    // The two pipelines, each created with its stages, and the stack.
    expect(up.summary.resourceChanges).toMatchObject({ create: 3 });

    const after = await live(a);
    expect(after.map((p) => p.name)).toEqual([...before.map((p) => p.name), "Enrollment", "Corporate training"]);
    const enrollment = pipelineNamed(after, "Enrollment");
    expect(regular(enrollment).map((s) => [s.name, s.color])).toEqual([
      ["Trial lesson booked", "#98cbff"],
      ["Trial lesson done", "#87f2c0"],
      ["Offer sent", "#ffdc7f"],
      ["Payment pending", "#ff8f92"],
    ]);
    expect(
      regular(enrollment)[0]
        .descriptions?.map((d) => d.level)
        .sort(),
    ).toEqual(["master", "newbie"]);
    expect(regular(enrollment)[2].descriptions).toEqual([
      expect.objectContaining({ level: "candidate", description: "Follow up within 2 working days 📬" }),
    ]);
    expect(enrollment.statuses.find((s) => s.id === 142)?.name).toBe("Enrolled");
    expect(enrollment.statuses.find((s) => s.id === 143)?.name).toBe("Did not enroll");
    const corporate = pipelineNamed(after, "Corporate training");
    expect(regular(corporate).map((s) => s.name)).toEqual(["Needs assessment", "Proposal", "Pilot group"]);
    // isUnsortedOn: false hides the incoming status.
    expect(corporate.statuses.some((s) => s.type === 1)).toBe(false);
    expect(corporate.statuses.find((s) => s.id === 142)?.name).toBe("Contract signed");

    // The outputs are the ids Kommo gave.
    expect(up.outputs.pipelines.value).toMatchObject({
      enrollment: { id: enrollment.id, won: "Enrolled", lost: "Did not enroll" },
      corporate: { id: corporate.id, won: "Contract signed", lost: "Lost to a competitor" },
    });
    expect(up.outputs.statusIds.value.enrollment).toEqual(
      Object.fromEntries(regular(enrollment).map((s) => [s.name, s.id])),
    );
    expect(up.outputs.statusIds.value.corporate["Pilot group"]).toBe(regular(corporate)[2].id);

    sizes.push(...(await checkState(stack, backend, a.token)));
    expect(changes((await stack.preview()).changeSummary)).toEqual({});

    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect((await live(a)).map((p) => p.name)).toEqual(before.map((p) => p.name));
  } finally {
    await a.emulator.close();
  }
});

test("adopt-existing: export sees the account, up adopts without duplicates, destroy keeps what was retained", async () => {
  const a = await account();
  try {
    // An account with history: a sales pipeline and the partnerships team's pipeline, made by hand.
    const made = await a.api("POST", "/api/v4/leads/pipelines", [
      {
        name: "Sales",
        sort: 10,
        is_main: false,
        is_unsorted_on: true,
        _embedded: {
          statuses: [
            { id: 142, name: "Deal won" },
            { id: 143, name: "Deal lost" },
            { name: "New lead", sort: 10, color: "#fffeb2" },
            { name: "Qualified", sort: 20, color: "#c1e0ff" },
            { name: "Proposal", sort: 30, color: "#ffdc7f" },
          ],
        },
      },
      {
        name: "Partners",
        sort: 20,
        is_main: false,
        is_unsorted_on: true,
        _embedded: {
          statuses: [
            { name: "Referral received", sort: 10, color: "#f9deff" },
            { name: "Intro call", sort: 20, color: "#ccc8f9" },
          ],
        },
      },
    ]);
    expect(made.status).toBe(200);
    const before = await live(a);
    const sales = pipelineNamed(before, "Sales");
    const partners = pipelineNamed(before, "Partners");
    const seeded = Object.fromEntries(regular(sales).map((s) => [s.name, s.id]));

    // The README's first step, with the bin the package installs: the export finds the account, adopts each
    // pipeline by id and lists its stages inline.
    const out = path.join(work, "exported");
    await sh(
      path.join(exampleDir("adopt-existing"), "node_modules", ".bin", "kommo-iac"),
      ["export", "--out", out, "--base-url", a.emulator.url],
      exampleDir("adopt-existing"),
      { ...childEnv(), KOMMO_ACCESS_TOKEN: a.token },
    );
    const exported = fs.readFileSync(path.join(out, "index.ts"), "utf8");
    expect(exported).toContain(`adopt: { id: ${sales.id} }`);
    expect(exported).toContain('    { name: "Qualified", color: "#c1e0ff" },\n');
    expect(exported).toContain('wonStatusName: "Deal won"');

    const { stack, backend } = await stackOf("adopt-existing", "dev", a);
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    // Adoption shows as a create: the pipeline (its stages adopted and the new one created with it) and the stack.
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });

    const after = await live(a);
    expect(after.map((p) => p.id)).toEqual(before.map((p) => p.id));
    const adopted = pipelineNamed(after, "Sales");
    expect(regular(adopted).map((s) => [s.name, s.color])).toEqual([
      ["New lead", "#fffeb2"],
      ["Qualified", "#98cbff"],
      ["Proposal", "#ffdc7f"],
      ["Contract review", "#87f2c0"],
    ]);
    expect(
      regular(adopted)
        .slice(0, 3)
        .map((s) => s.id),
    ).toEqual([seeded["New lead"], seeded["Qualified"], seeded["Proposal"]]);
    expect(regular(adopted)[0].descriptions?.map((d) => d.level)).toEqual(["newbie"]);
    expect(pipelineNamed(after, "Partners")).toEqual(partners);

    // The lookups found the pipeline the stack does not manage.
    expect(up.outputs.salesPipelineId.value).toBe(sales.id);
    expect(up.outputs.partnersPipelineId.value).toBe(partners.id);
    expect(up.outputs.partnersIncomingStatusId.value).toBe(partners.statuses.find((s) => s.type === 1)?.id);
    expect(up.outputs.referralStatusId.value).toBe(regular(partners)[0].id);

    sizes.push(...(await checkState(stack, backend, a.token)));
    expect(changes((await stack.preview()).changeSummary)).toEqual({});

    // retainOnDelete: destroy lets go of the pipeline, which stays as the stack left it, "Contract review" included.
    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    const left = await live(a);
    expect(left.map((p) => p.id)).toEqual(before.map((p) => p.id));
    expect(regular(pipelineNamed(left, "Sales")).map((s) => [s.id, s.name, s.color])).toEqual([
      [seeded["New lead"], "New lead", "#fffeb2"],
      [seeded["Qualified"], "Qualified", "#98cbff"],
      [seeded["Proposal"], "Proposal", "#ffdc7f"],
      [regular(adopted)[3].id, "Contract review", "#87f2c0"],
    ]);
  } finally {
    await a.emulator.close();
  }
});

test("two-stacks: one program in two accounts, each shaped by its own stack config", async () => {
  const staging = await account(`${TOKEN}-staging`);
  const production = await account(`${TOKEN}-production`);
  try {
    const accounts = { staging, production };
    const before = { staging: await live(staging), production: await live(production) };
    const stacks = {
      staging: await stackOf("two-stacks", "staging", staging),
      production: await stackOf("two-stacks", "production", production),
    };
    // The committed per-stack files still hold the rest of the config (setConfig only added the address and token).
    expect(await stacks.staging.stack.getConfig("kommo-two-stacks:followUpRounds")).toMatchObject({ value: "1" });

    const expected = {
      staging: { name: "Sales (staging)", stages: ["New lead", "Qualified", "Follow-up 1", "Negotiation"] },
      production: {
        name: "Sales",
        stages: ["New lead", "Qualified", "Follow-up 1", "Follow-up 2", "Follow-up 3", "Negotiation"],
      },
    };
    const keys = {
      staging: ["new-lead", "qualified", "follow-up-1", "negotiation"],
      production: ["new-lead", "qualified", "follow-up-1", "follow-up-2", "follow-up-3", "negotiation"],
    };

    for (const env of ["staging", "production"] as const) {
      const { stack, backend } = stacks[env];
      const up = await stack.up();
      expect(up.summary.result).toBe("succeeded");
      expect(up.outputs.stack.value).toBe(env);

      const after = await live(accounts[env]);
      // Each account got its own stack's pipeline and only that one.
      expect(after.map((p) => p.name)).toEqual([...before[env].map((p) => p.name), expected[env].name]);
      const sales = pipelineNamed(after, expected[env].name);
      expect(regular(sales).map((s) => s.name)).toEqual(expected[env].stages);
      expect(up.outputs.pipelineId.value).toBe(sales.id);
      // Each stage's id by its key, in the list's order.
      expect(up.outputs.stageIds.value).toEqual(
        Object.fromEntries(keys[env].map((key, i) => [key, regular(sales)[i]?.id])),
      );

      sizes.push(...(await checkState(stack, backend, accounts[env].token)));
      // Neither stack's state holds the other's token either.
      const other = accounts[env === "staging" ? "production" : "staging"].token;
      for (const { file, text } of allFiles(backend))
        if (text.includes(other)) throw new Error(`a token is in ${file}`);
    }

    for (const env of ["staging", "production"] as const) {
      expect(changes((await stacks[env].stack.preview()).changeSummary)).toEqual({});
    }
    for (const env of ["staging", "production"] as const) {
      expect((await stacks[env].stack.destroy()).summary.result).toBe("succeeded");
      expect((await live(accounts[env])).map((p) => p.name)).toEqual(before[env].map((p) => p.name));
    }
  } finally {
    await staging.emulator.close();
    await production.emulator.close();
  }
});
