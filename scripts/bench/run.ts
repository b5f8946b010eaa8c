import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { installPackage } from "./installPackage";
import {
  OPS,
  STYLE_TITLES,
  floorCalls,
  renderComparison,
  renderTable,
  renderShapes,
  renderTargets,
  type LimitShape,
  type Measurement,
  type Op,
  type Style,
  type Variant,
} from "./table";

/**
 * `npm run bench`: generated stacks under the real CLI against the emulator at Kommo's rate limit and latency, in
 * both styles of declaring stages (an inline list on each Pipeline, or a Status resource per stage), at the CLI's
 * default parallelism. Beside it: the `up` from empty with no rate limit (Pulumi's own cost), a tuned `--parallel`,
 * and KOMMO_BATCHING=off for the stacks where it is cheap. After every `up` the account is compared with what the
 * program declared. Prints the tables and writes them, with the machine, the date and the commit, to
 * docs/benchmark.md.
 */
const REPO = path.resolve(__dirname, "../../..");
const WORK = path.join(REPO, ".state", "bench");
const LOGS = path.join(WORK, "logs");
const CLI_ROOT = path.join(REPO, ".pulumi-cli");
const TOKEN = "bench-token";
const LATENCY_MS = 80;
const RATE_LIMIT = 7;
/** The way of counting the limit the main tables are taken under: the emulator's reference profile. */
const MAIN_LIMIT_SHAPE: LimitShape = "sliding";
/** The stacks run again under every other rateLimitShape, with the operations that send the most at once. */
const SHAPE_RUNS: { style: Style; shape: [number, number]; ops: readonly Op[] }[] = [
  { style: "inline", shape: [10, 50], ops: ["up from empty", "insert in the middle", "destroy"] },
  { style: "status", shape: [5, 20], ops: ["up from empty", "insert in the middle", "destroy"] },
];
/** The operations the tuned `--parallel` changes: the ones that create or delete many resources at once. */
const TUNED_OPS: readonly Op[] = ["up from empty", "destroy"];
/** The operations batching and shared reads change; the others make the same calls either way. */
const BASELINE_OPS: readonly Op[] = ["up from empty", "refresh", "destroy"];

interface Options {
  shapes: [number, number][];
  styles: Style[];
  /** `--parallel` of the tuned run; 0 skips it. */
  tuned: number;
  /** The baseline runs only for stacks of at most this many Pulumi resources; 0 skips it. */
  baselineMax: number;
  out: string | undefined;
  /** Run the SHAPE_RUNS under the other rateLimitShapes as well. */
  limitShapes: boolean;
}

const USAGE =
  "flags: --shapes 1x10,5x20,10x50 --styles inline,status --tuned N (0: skip) --baseline-max RESOURCES (0: skip) --no-write --no-limit-shapes";

function parseArgs(argv: string[]): Options {
  const o: Options = {
    shapes: [
      [1, 10],
      [5, 20],
      [10, 50],
    ],
    styles: ["inline", "status"],
    tuned: 1000,
    baselineMax: 200,
    out: path.join(REPO, "docs", "benchmark.md"),
    limitShapes: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ""];
    if (flag === "--shapes") o.shapes = value.split(",").map((s) => s.split("x").map(Number) as [number, number]);
    else if (flag === "--styles") o.styles = value.split(",") as Style[];
    else if (flag === "--tuned") o.tuned = Number(value);
    else if (flag === "--baseline-max") o.baselineMax = Number(value);
    else if (flag === "--no-write") {
      o.out = undefined;
      continue;
    } else if (flag === "--no-limit-shapes") {
      o.limitShapes = false;
      continue;
    } else throw new Error(`unknown flag ${flag}; ${USAGE}`);
    i++;
  }
  if (o.shapes.some((s) => s.length !== 2 || s.some((n) => !Number.isInteger(n) || n < 1)))
    throw new Error(`bad --shapes; ${USAGE}`);
  if (o.styles.some((s) => s !== "inline" && s !== "status")) throw new Error(`bad --styles; ${USAGE}`);
  return o;
}

async function control(emulator: RunningEmulator, method: string, p: string): Promise<any> {
  const res = await fetch(`${emulator.url}/_emulator/${p}`, { method });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

interface LoggedCall {
  method: string;
  path: string;
  status: number | null;
}

/** Problems seen while measuring: a wrong board, a change where none was due, an error answer, a failed operation. */
const problems: string[] = [];

function note(where: string, problem: string): void {
  problems.push(`${where}: ${problem}`);
  process.stderr.write(`  !! ${where}: ${problem}\n`);
}

const resourcesOf = (style: Style, [p, s]: [number, number]) => (style === "inline" ? p : p + p * s);

interface Declared {
  name: string;
  stages: { name: string; color: string; descriptions: { level: string; description: string }[] }[];
}

const describe = (ds: readonly { level: string; description: string }[]) =>
  JSON.stringify([...ds].map((d) => [d.level, d.description]).sort());

/** Compares the account with what the program declared; returns what differs, or nothing. */
async function boardProblems(emulator: RunningEmulator, declared: Declared[]): Promise<string[]> {
  const state: {
    pipelines: {
      name: string;
      statuses: {
        name: string;
        color: string;
        system: unknown;
        descriptions: Declared["stages"][number]["descriptions"];
      }[];
    }[];
  } = await control(emulator, "GET", "state");
  const bench = state.pipelines.filter((p) => p.name.startsWith("Bench pipeline"));
  const out: string[] = [];
  if (bench.length !== declared.length)
    out.push(`${bench.length} bench pipelines in Kommo, ${declared.length} declared`);
  for (const want of declared) {
    const live = bench.filter((p) => p.name === want.name);
    if (live.length !== 1) {
      out.push(`${live.length} pipelines named "${want.name}"`);
      continue;
    }
    const regular = (live[0]?.statuses ?? []).filter((s) => s.system === null);
    const got = regular.map((s) => `${s.name}|${s.color.toLowerCase()}|${describe(s.descriptions)}`);
    const exp = want.stages.map((s) => `${s.name}|${s.color.toLowerCase()}|${describe(s.descriptions)}`);
    if (JSON.stringify(got) !== JSON.stringify(exp)) {
      const at = exp.findIndex((e, i) => got[i] !== e);
      out.push(
        `"${want.name}": ${regular.length} regular stages, ${want.stages.length} declared; first difference at ${at < 0 ? got.length : at}: Kommo ${JSON.stringify(got[at < 0 ? exp.length : at] ?? null)}, declared ${JSON.stringify(exp[at] ?? null)}`,
      );
    }
  }
  return out;
}

async function providerSizes(stack: Stack): Promise<number[]> {
  const state = await stack.exportStack();
  return (state.deployment.resources as { outputs?: { __provider?: string } }[])
    .map((r) => r.outputs?.__provider)
    .filter((p): p is string => typeof p === "string")
    .map((p) => Buffer.byteLength(p));
}

/** Resource changes other than `same`, from an up, refresh or preview summary; empty when there are none. */
const changesIn = (summary: Record<string, number> | undefined) =>
  Object.entries(summary ?? {}).filter(([kind, n]) => kind !== "same" && n > 0);

interface StackRun {
  style: Style;
  variant: Variant;
  shape: [number, number];
  parallel: number | undefined;
  limit: number;
  batching: boolean;
  ops: readonly Op[];
  limitShape: LimitShape;
}

async function runStack(
  run: StackRun,
  programDir: string,
  cli: PulumiCommand,
  sizes: number[],
): Promise<Measurement[]> {
  const [pipelines, statuses] = run.shape;
  const shape = `${pipelines}×${statuses}`;
  const label = `${run.style} ${shape} ${run.variant}${run.variant === "shape" ? ` ${run.limitShape}` : ""}`;
  const emulator = await startEmulator({
    adminToken: TOKEN,
    rateLimit: run.limit,
    latency: LATENCY_MS,
    behaviour: { rateLimitShape: run.limitShape },
  });
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "kommo-bench-"));
  // A stack config left by an earlier run that failed would hold another stack's secrets.
  fs.rmSync(path.join(programDir, "Pulumi.bench.yaml"), { force: true });
  const rows: Measurement[] = [];
  const started = Date.now();
  try {
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "bench", workDir: programDir },
      {
        pulumiCommand: cli,
        envVars: {
          PULUMI_BACKEND_URL: `file://${backend}`,
          PULUMI_HOME: path.join(backend, ".pulumi-home"),
          PULUMI_CONFIG_PASSPHRASE: "bench",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          KOMMO_BATCHING: run.batching ? "on" : "off",
        },
      },
    );
    const bench = (change: number, insert: number) => ({
      value: JSON.stringify({ style: run.style, pipelines, statuses, change, insert }),
    });
    await stack.setAllConfig({
      "kommo:baseUrl": { value: emulator.url },
      "kommo:accessToken": { value: TOKEN, secret: true },
      "kommo:rateLimit": { value: String(run.limit) },
      bench: bench(0, 0),
    });
    const parallel = run.parallel;
    const up = async (where: string, expectChanges: boolean) => {
      const result = await stack.up({ parallel });
      const changed = changesIn(result.summary.resourceChanges);
      if (!expectChanges && changed.length > 0)
        note(where, `changes where none were due: ${JSON.stringify(Object.fromEntries(changed))}`);
      if (expectChanges && changed.length === 0) note(where, "the up changed nothing");
      for (const p of await boardProblems(emulator, result.outputs.declared?.value as Declared[]))
        note(where, `board differs: ${p}`);
    };
    const work: Record<Op, (where: string) => Promise<void>> = {
      "up from empty": (where) => up(where, true),
      "no-op preview": async (where) => {
        const result = await stack.preview({ parallel });
        const changed = changesIn(result.changeSummary);
        if (changed.length > 0)
          note(where, `changes previewed where none were due: ${JSON.stringify(Object.fromEntries(changed))}`);
      },
      "no-op up": (where) => up(where, false),
      refresh: async (where) => {
        const result = await stack.refresh({ parallel });
        const changed = changesIn(result.summary.resourceChanges);
        if (changed.length > 0)
          note(
            where,
            `refresh changed the state of a stack nobody touched: ${JSON.stringify(Object.fromEntries(changed))}`,
          );
      },
      "small change": async (where) => {
        await stack.setConfig("bench", bench(1, 0));
        await up(where, true);
      },
      "insert in the middle": async (where) => {
        await stack.setConfig("bench", bench(1, 1));
        await up(where, true);
      },
      destroy: async (where) => {
        await stack.destroy({ parallel });
        const left = await boardProblems(emulator, []);
        for (const p of left) note(where, `after destroy: ${p}`);
      },
    };
    for (const op of run.ops) {
      const where = `${label}, ${op}`;
      await control(emulator, "DELETE", "requests");
      const start = process.hrtime.bigint();
      let failure: unknown;
      try {
        await work[op](where);
      } catch (e) {
        failure = e;
      }
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const log: LoggedCall[] = await control(emulator, "GET", "requests");
      fs.mkdirSync(LOGS, { recursive: true });
      const logFile = path.join(
        LOGS,
        `${run.style}-${shape.replace("×", "x")}-${run.variant}-${run.limitShape}-${op.replace(/ /g, "-")}.json`,
      );
      fs.writeFileSync(logFile, JSON.stringify(log, null, 1));
      if (failure !== undefined) {
        note(
          where,
          `failed (request log: ${path.relative(REPO, logFile)}): ${failure instanceof Error ? failure.message : String(failure)}`,
        );
        break;
      }
      const calls: Record<string, number> = {};
      for (const r of log) calls[r.method] = (calls[r.method] ?? 0) + 1;
      const m: Measurement = {
        style: run.style,
        variant: run.variant,
        shape,
        pipelines,
        statuses,
        op,
        wallMs,
        calls,
        total: log.length,
        n429: log.filter((r) => r.status === 429).length,
        floorCalls: floorCalls(op, pipelines, statuses),
        limitShape: run.limitShape,
      };
      rows.push(m);
      const errors = log.filter((r) => r.status !== 429 && (r.status === null || r.status >= 400));
      process.stderr.write(
        `  ${label}: ${op} ${(wallMs / 1000).toFixed(1)} s, ${m.total} calls ${JSON.stringify(calls)}, ${m.n429} × 429${errors.length ? `, other errors ${errors.map((r) => `${r.method} ${r.path} ${r.status}`).join("; ")}` : ""}\n`,
      );
      if (op === "up from empty" && run.variant === "default") sizes.push(...(await providerSizes(stack)));
    }
    await stack.workspace.removeStack("bench", { force: true });
  } finally {
    await emulator.close();
    fs.rmSync(backend, { recursive: true, force: true });
    process.stderr.write(`  ${label}: stack done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  return rows;
}

function git(...args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: REPO, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function machine(): string {
  const cpus = os.cpus();
  return `${os.type()} ${os.release()}, nproc ${os.availableParallelism()} (${cpus[0]?.model?.trim() ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}`;
}

/** The CLI's version and its default `--parallel` here, as `pulumi up --help` states it. */
function cliFacts(): { version: string; defaultParallel: string } {
  const bin = path.join(CLI_ROOT, "bin", "pulumi");
  const version = execFileSync(bin, ["version"], { encoding: "utf8" }).trim();
  const help = execFileSync(bin, ["up", "--help"], { encoding: "utf8" });
  const defaultParallel = /--parallel int32[^\n]*\(default (\d+)\)/.exec(help)?.[1] ?? "unknown";
  return { version, defaultParallel };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  // bench.sh has just built the working tree: that, not the commit alone, is what is measured. Its changes are kept.
  const commit = git("rev-parse", "--short", "HEAD");
  const dirty = git("status", "--porcelain", "--", "provider", "emulator", "package.json")
    .split("\n")
    .filter(Boolean).length;
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(
    path.join(WORK, "working-tree.diff"),
    dirty ? git("diff", "HEAD", "--", "provider", "emulator", "package.json") + "\n" : "",
  );
  const programDir = path.join(WORK, "program");
  fs.rmSync(programDir, { recursive: true, force: true });
  fs.rmSync(LOGS, { recursive: true, force: true });
  fs.cpSync(path.join(REPO, "scripts", "bench", "program"), programDir, { recursive: true });
  const installed = installPackage(REPO, programDir, WORK);
  process.stderr.write(
    `bench: installed ${installed.tarball} and @pulumi/pulumi ${installed.sdk} into ${path.relative(REPO, programDir)}\n`,
  );
  const cli = await PulumiCommand.get({ root: CLI_ROOT });
  const facts = cliFacts();

  const rows: Measurement[] = [];
  const sizes: number[] = [];
  const runs: StackRun[] = [];
  const defaultParallel = Number(facts.defaultParallel) || 0;
  for (const shape of o.shapes) {
    for (const style of o.styles) {
      const base = {
        style,
        shape,
        limit: RATE_LIMIT,
        batching: true,
        parallel: undefined,
        ops: OPS,
        limitShape: MAIN_LIMIT_SHAPE,
      };
      const resources = resourcesOf(style, shape);
      runs.push({ ...base, variant: "default" });
      runs.push({ ...base, variant: "nolimit", limit: 0, ops: ["up from empty"] });
      // Parallelism changes nothing for a stack the default already runs all at once.
      if (o.tuned > 0 && resources > defaultParallel)
        runs.push({ ...base, variant: "tuned", parallel: o.tuned, ops: TUNED_OPS });
      if (resources <= o.baselineMax) runs.push({ ...base, variant: "baseline", batching: false, ops: BASELINE_OPS });
    }
  }
  if (o.limitShapes) {
    for (const r of SHAPE_RUNS.filter((x) => o.styles.includes(x.style))) {
      for (const limitShape of (["window", "bucket"] as const).filter((x) => x !== MAIN_LIMIT_SHAPE)) {
        runs.push({ ...r, variant: "shape", limit: RATE_LIMIT, batching: true, parallel: undefined, limitShape });
      }
    }
  }
  // The first stack of a run pays for cold caches (the CLI, its plugins, the TypeScript compiler): not measured.
  const warmup = await runStack(
    {
      style: "inline",
      variant: "default",
      shape: [1, 1],
      parallel: undefined,
      limit: 0,
      batching: true,
      ops: ["up from empty"],
      limitShape: MAIN_LIMIT_SHAPE,
    },
    programDir,
    cli,
    [],
  );
  process.stderr.write(`bench: warm-up done (${warmup.length} operation, not reported)\n`);
  const load = [os.loadavg()[0] ?? 0];
  for (const run of runs) rows.push(...(await runStack(run, programDir, cli, sizes)));
  load.push(os.loadavg()[0] ?? 0);
  const minutes = ((Date.now() - started) / 60000).toFixed(1);

  const header = [
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}.`,
    `Commit ${commit}${dirty ? ` with uncommitted changes to ${dirty} files under provider/, emulator/ and package.json (the build measured is the working tree)` : ""}; Pulumi CLI ${facts.version}, @pulumi/pulumi ${installed.sdk}; the package installed from \`npm pack\` (${installed.tarball}).`,
    `Emulator: ${RATE_LIMIT} requests/s counted as a ${MAIN_LIMIT_SHAPE} window (rateLimitShape ${MAIN_LIMIT_SHAPE}), ${LATENCY_MS} ms added to every answer, reference profile. "wall s" and "calls" are at the CLI's default parallelism (no \`--parallel\` flag; ${facts.defaultParallel} here); "no limit" is the same \`up\` with the emulator's and the client's limit off; \`--parallel ${o.tuned}\` is the tuned setting; the baseline is KOMMO_BATCHING=off (one request per resource, no shared reads) at default parallelism.`,
    `The tuned run (\`up\` from empty, then \`destroy\`) is made only for stacks of more resources than the default parallelism; the baseline (\`up\` from empty, \`refresh\`, \`destroy\`) only for stacks of at most ${o.baselineMax} resources. In both, \`destroy\` follows the \`up\` directly, so it deletes the board without the inserted stage.`,
    `Total benchmark time ${minutes} min (with install and warm-up); 1-minute load average ${load.map((l) => l.toFixed(1)).join(" at the start, ")} at the end (other work shared the machine).`,
  ].join("\n");
  const sections = o.styles.map((style) => `### ${STYLE_TITLES[style]}\n\n${renderTable(rows, style, o.tuned)}`);
  const last = o.shapes[o.shapes.length - 1];
  const compared =
    last && o.styles.length === 2
      ? `### Side by side, ${last[0]}×${last[1]}\n\n${renderComparison(rows, `${last[0]}×${last[1]}`)}`
      : "";
  const targets = renderTargets(rows);
  const shapes = o.limitShapes
    ? `### 429s under every way of counting the limit\n\nThe emulator's \`rateLimitShape\`: \`window\` (fixed seconds), \`sliding\` (a rolling second; the main tables above), \`bucket\` (a token bucket, burst ${RATE_LIMIT}, refilled continuously). Same stacks, ${RATE_LIMIT} requests/s and ${LATENCY_MS} ms latency; the \`sliding\` rows are the main tables' own. Under the other two the insert follows the \`up\` directly, so it carries the small change as well.\n\n${renderShapes(rows)}`
    : "";
  const sizeLine = sizes.length
    ? `Serialized provider stored per resource: ${Math.min(...sizes)}–${Math.max(...sizes)} bytes.`
    : "";
  const problemText = problems.length
    ? `Problems seen during the run:\n\n${problems.map((p) => `- ${p}`).join("\n")}`
    : "No problems seen: after every `up` the account held exactly the declared board, no-op operations reported no changes, and no operation failed.";
  const text = [
    header,
    ...sections,
    compared,
    targets ? `### Issue 9 targets\n\n${targets}` : "",
    shapes,
    sizeLine,
    problemText,
  ]
    .filter(Boolean)
    .join("\n\n");
  process.stdout.write(`\n${text}\n`);
  if (o.out) {
    const doc = fs.existsSync(o.out) ? fs.readFileSync(o.out, "utf8") : "";
    const begin = "<!-- bench:begin -->";
    const end = "<!-- bench:end -->";
    const block = `${begin}\n${text}\n${end}`;
    const next = doc.includes(begin)
      ? doc.replace(new RegExp(`${begin}[\\s\\S]*${end}`), () => block)
      : `${doc}\n${block}\n`;
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, next);
    process.stderr.write(`written to ${path.relative(REPO, o.out)}\n`);
  }
  process.stderr.write(`bench: ${minutes} min in all; request logs in ${path.relative(REPO, LOGS)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
