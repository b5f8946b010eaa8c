import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

export const REPO = path.resolve(__dirname, "../..");
export const TOKEN = "e2e-token-7c1d95b0a4";

/** The CLI that scripts/ensure-pulumi.sh builds; the README's test command runs that script first. */
export async function pulumiCommand(): Promise<PulumiCommand> {
  const root = path.join(REPO, ".pulumi-cli");
  if (!fs.existsSync(path.join(root, "bin", "pulumi"))) {
    throw new Error("No Pulumi CLI in .pulumi-cli/bin: run `bash scripts/ensure-pulumi.sh` (npm test does).");
  }
  return PulumiCommand.get({ root });
}

export interface World {
  emulator: RunningEmulator;
  stack: Stack;
  backendDir: string;
  api<T = any>(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: T }>;
  /**
   * The emulator's request log since the last call, counted by method, and the 429s in it: `provider429` counts those
   * the provider got (its User-Agent), not the ones the test's own look at the account waited out.
   */
  requests(): Promise<{
    byMethod: Record<string, number>;
    total: number;
    n429: number;
    provider429: number;
    applied: number;
  }>;
  close(): Promise<void>;
}

/** A fresh emulator and a stack of `program` (a folder here, or an absolute path) with a local file backend, both thrown away by close(). */
export async function world(
  program: string,
  stackName = "e2e",
  extraEnv: Record<string, string> = {},
  emulatorOptions: EmulatorOptions = {},
  /** Runs once the emulator is up and before the stack is made: to write the program from the account, say. */
  prepare?: (emulator: RunningEmulator) => Promise<void>,
): Promise<World> {
  const emulator = await startEmulator({ ...emulatorOptions, adminToken: TOKEN });
  await prepare?.(emulator);
  const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "kommo-e2e-"));
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_HOME: path.join(backendDir, ".pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: "e2e-throwaway-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    KOMMO_ACCESS_TOKEN: "",
    KOMMO_BASE_URL: "",
    KOMMO_SUBDOMAIN: "",
    ...extraEnv,
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir: path.resolve(__dirname, program) },
    { pulumiCommand: await pulumiCommand(), envVars: env },
  );
  await stack.setConfig("kommo:baseUrl", { value: emulator.url });
  await stack.setConfig("kommo:accessToken", { value: TOKEN, secret: true });
  // The tests' own look at the account shares the emulator's rate limit with the provider, so it waits out 429s.
  const api = async (method: string, apiPath: string, body?: unknown) => {
    for (;;) {
      const res = await fetch(`${emulator.url}${apiPath}`, {
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 429) {
        // A 429 may come in any shape the emulator is set to (problem+json, HTML, a header, nothing): wait a second.
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    }
  };
  const requests = async () => {
    const log = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as {
      method: string;
      status: number | null;
      userAgent: string | null;
    }[];
    await fetch(`${emulator.url}/_emulator/requests`, { method: "DELETE" });
    const byMethod: Record<string, number> = {};
    for (const r of log) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
    const applied = log.filter(
      (r) => r.method !== "GET" && r.status !== null && r.status >= 200 && r.status < 300,
    ).length;
    const refused = log.filter((r) => r.status === 429);
    const provider429 = refused.filter((r) => r.userAgent?.startsWith("pulumi-kommo") === true).length;
    return { byMethod, total: log.length, n429: refused.length, provider429, applied };
  };
  return {
    emulator,
    stack,
    backendDir,
    api,
    requests,
    close: async () => {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
      await emulator.close();
      fs.rmSync(backendDir, { recursive: true, force: true });
    },
  };
}

/** Every file under a folder, as text: state, backups, history. */
export function allFiles(dir: string): { file: string; text: string }[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .map((file) => ({ file, text: fs.readFileSync(file, "latin1") }));
}

export interface LiveStatus {
  id: number;
  name: string;
  sort: number;
  color: string;
  type: number;
  descriptions?: { level: string; description: string }[];
}

export interface LivePipeline {
  id: number;
  name: string;
  sort: number;
  statuses: LiveStatus[];
}

/** The account as Kommo reports it, with descriptions, pipelines and statuses in sort order. */
export async function liveStructure(w: World): Promise<LivePipeline[]> {
  const { body } = await w.api("GET", "/api/v4/leads/pipelines");
  const out: LivePipeline[] = [];
  for (const p of body._embedded.pipelines) {
    const statuses = await w.api("GET", `/api/v4/leads/pipelines/${p.id}/statuses?with=descriptions`);
    out.push({
      id: p.id,
      name: p.name,
      sort: p.sort,
      statuses: (statuses.body._embedded.statuses as LiveStatus[]).sort((a, b) => a.sort - b.sort),
    });
  }
  return out.sort((a, b) => a.sort - b.sort || a.id - b.id);
}
