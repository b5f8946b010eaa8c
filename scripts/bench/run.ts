import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { installPackage } from "./installPackage";
import { floorCalls, renderTable, type Measurement } from "./table";

/**
 * `npm run bench`: generated stacks under the real CLI against the emulator at Kommo's rate limit and latency,
 * with batching and coalescing on and off, each also with the rate limit off to show Pulumi's own cost.
 * Prints the table and writes it, with the machine and the date, to docs/benchmark.md.
 */
const REPO = path.resolve(__dirname, "../../..");
const WORK = path.join(REPO, ".state", "bench");
const TOKEN = "bench-token";
const LATENCY_MS = 80;

interface Options {
  shapes: [number, number][];
  modes: Measurement["mode"][];
  limits: number[];
  parallel: number;
  out: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    shapes: [
      [1, 10],
      [5, 20],
      [10, 50],
    ],
    modes: ["batched", "baseline"],
    limits: [7, 0],
    parallel: 1000,
    out: path.join(REPO, "docs", "benchmark.md"),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--shapes") o.shapes = value.split(",").map((s) => s.split("x").map(Number) as [number, number]);
    else if (flag === "--modes") o.modes = value.split(",") as Options["modes"];
    else if (flag === "--parallel") o.parallel = Number(value);
    else if (flag === "--no-write") {
      o.out = undefined;
      continue;
    } else throw new Error(`unknown flag ${flag}; flags: --shapes 1x10,5x20 --modes batched,baseline --parallel N --no-write`);
    i++;
  }
  return o;
}

async function control(emulator: RunningEmulator, method: string, p: string): Promise<any> {
  const res = await fetch(`${emulator.url}/_emulator/${p}`, { method });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

async function measure(emulator: RunningEmulator, work: () => Promise<unknown>) {
  await control(emulator, "DELETE", "requests");
  const start = process.hrtime.bigint();
  await work();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const log: { method: string; status: number | null }[] = await control(emulator, "GET", "requests");
  const calls: Record<string, number> = {};
  for (const r of log) calls[r.method] = (calls[r.method] ?? 0) + 1;
  return { wallMs, calls, total: log.length, n429: log.filter((r) => r.status === 429).length };
}

async function providerSizes(stack: Stack): Promise<number[]> {
  const state = await stack.exportStack();
  return (state.deployment.resources as { outputs?: { __provider?: string } }[])
    .map((r) => r.outputs?.__provider)
    .filter((p): p is string => typeof p === "string")
    .map((p) => Buffer.byteLength(p));
}

async function runStack(
  o: Options,
  mode: Measurement["mode"],
  [pipelines, statuses]: [number, number],
  limit: number,
  programDir: string,
  sizes: number[],
): Promise<Measurement[]> {
  const shape = `${pipelines}×${statuses}`;
  const emulator = await startEmulator({ adminToken: TOKEN, rateLimit: limit, latency: LATENCY_MS });
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "kommo-bench-"));
  try {
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "bench", workDir: programDir },
      {
        pulumiCommand: await PulumiCommand.get({ root: path.join(REPO, ".pulumi-cli") }),
        envVars: {
          PULUMI_BACKEND_URL: `file://${backend}`,
          PULUMI_HOME: path.join(backend, ".pulumi-home"),
          PULUMI_CONFIG_PASSPHRASE: "bench",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          KOMMO_BATCHING: mode === "baseline" ? "off" : "on",
        },
      },
    );
    await stack.setAllConfig({
      "kommo:baseUrl": { value: emulator.url },
      "kommo:accessToken": { value: TOKEN, secret: true },
      "kommo:rateLimit": { value: String(limit) },
      shape: { value: JSON.stringify({ pipelines, statuses, change: 0 }) },
    });
    const parallel = o.parallel;
    const ops: [string, () => Promise<unknown>][] = [
      ["up from empty", () => stack.up({ parallel })],
      ["no-op preview", () => stack.preview({ parallel })],
      ["refresh", () => stack.refresh({ parallel })],
      [
        "small change",
        async () => {
          await stack.setConfig("shape", { value: JSON.stringify({ pipelines, statuses, change: 1 }) });
          return stack.up({ parallel });
        },
      ],
      ["destroy", () => stack.destroy({ parallel })],
    ];
    const rows: Measurement[] = [];
    for (const [op, work] of ops) {
      const m = await measure(emulator, work);
      rows.push({ mode, shape, pipelines, statuses, limit, op, floorCalls: floorCalls(op, pipelines, statuses), ...m });
      process.stderr.write(
        `  ${mode} ${shape} limit ${limit || "off"}: ${op} ${(m.wallMs / 1000).toFixed(1)} s, ${m.total} calls ${JSON.stringify(m.calls)}, ${m.n429} × 429\n`,
      );
      if (op === "up from empty" && mode === "batched") sizes.push(...(await providerSizes(stack)));
    }
    await stack.workspace.removeStack("bench", { force: true });
    return rows;
  } finally {
    await emulator.close();
    fs.rmSync(backend, { recursive: true, force: true });
  }
}

function machine(): string {
  const cpus = os.cpus();
  return `${os.type()} ${os.release()}, ${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const programDir = path.join(WORK, "program");
  fs.rmSync(programDir, { recursive: true, force: true });
  fs.cpSync(path.join(REPO, "scripts", "bench", "program"), programDir, { recursive: true });
  installPackage(REPO, programDir);

  const rows: Measurement[] = [];
  const sizes: number[] = [];
  const started = Date.now();
  for (const shape of o.shapes) {
    for (const mode of o.modes) {
      for (const limit of o.limits) {
        rows.push(...(await runStack(o, mode, shape, limit, programDir, sizes)));
      }
    }
  }
  const table = renderTable(rows);
  const sizeLine = sizes.length
    ? `Serialized provider stored per resource (package installed under node_modules): ${Math.min(...sizes)}–${Math.max(...sizes)} bytes.`
    : "";
  const header = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.`,
    `Emulator latency ${LATENCY_MS} ms per answer; Pulumi CLI run with --parallel ${o.parallel}; total benchmark time ${((Date.now() - started) / 60000).toFixed(1)} min.`,
  ].join("\n");
  const text = `${header}\n\n${table}\n\n${sizeLine}\n`;
  process.stdout.write(`\n${text}`);
  if (o.out) {
    const doc = fs.existsSync(o.out) ? fs.readFileSync(o.out, "utf8") : "";
    const begin = "<!-- bench:begin -->";
    const end = "<!-- bench:end -->";
    const block = `${begin}\n${text}${end}`;
    const next = doc.includes(begin) ? doc.replace(new RegExp(`${begin}[\\s\\S]*${end}`), block) : `${doc}\n${block}\n`;
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, next);
    process.stderr.write(`written to ${path.relative(REPO, o.out)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
