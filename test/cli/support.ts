import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import * as ts from "typescript";
import { run } from "../../cli/main";

export const REPO = path.resolve(__dirname, "../..");
/** Distinctive, so that a search of every output for it means something. */
export const TOKEN = "cli-test-token-5e0c2b91";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI in-process, with the given environment only. Retries are shortened so that the unreachable-host test
 * does not sit through the client's production backoff.
 */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, tty = false): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    env: { KOMMO_RATE_LIMIT: "0", ...env },
    stdout: { write: (s: string) => (stdout += s), isTTY: tty, columns: 120 },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty },
    client: { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 }, timeoutMs: 5000 },
  });
  return { code, stdout, stderr };
}

/**
 * Calls the account's API directly, as a person changing it by hand would. Each call has a connection of its own: a
 * kept-alive one can be closed by the server's idle timeout just as it is reused, after a slow step such as the
 * typecheck, and the call would then fail with ECONNRESET.
 */
export async function api<T = any>(baseUrl: string, method: string, apiPath: string, body?: unknown): Promise<T> {
  const text = await request(new URL(apiPath, baseUrl), method, body === undefined ? undefined : JSON.stringify(body));
  return (text ? JSON.parse(text) : undefined) as T;
}

function request(url: URL, method: string, body: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent: false, headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300)
            reject(new Error(`${method} ${url.pathname}${url.search}: ${status} ${text}`));
          else resolve(text);
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "kommo-iac-"));
}

export const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");

export interface Declared {
  type: "Pipeline" | "Status";
  name: string;
  args: Record<string, unknown>;
}

/**
 * Runs a generated index.ts against a stand-in for pulumi-kommo that records each `new Pipeline` and `new Status`
 * with its resource name and arguments, in the order the program declares them.
 */
export function declarations(source: string): Declared[] {
  const declared: Declared[] = [];
  const resource = (type: Declared["type"]) =>
    class {
      readonly pipelineId = 0;
      constructor(name: string, args: Record<string, unknown>) {
        declared.push({ type, name, args });
      }
    };
  const kommo = { Pipeline: resource("Pipeline"), Status: resource("Status") };
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} };
  const requireStub = (id: string) => {
    if (id === "pulumi-kommo") return kommo;
    throw new Error(`the generated program requires ${id}`);
  };
  vm.runInNewContext(js.outputText, { require: requireStub, module, exports: module.exports });
  return declared;
}

/**
 * Type errors of generated programs, checked as their tsconfig.json would, against this repository's sources:
 * "pulumi-kommo" maps to provider/index.ts. One compiler run for all of them, because it is the slow part.
 */
export function typeErrors(dirs: string[]): string[] {
  const generated = JSON.parse(read(dirs[0], "tsconfig.json")).compilerOptions;
  const { options, errors } = ts.convertCompilerOptionsFromJson(generated, dirs[0]);
  if (errors.length) throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, "\n"));
  const program = ts.createProgram(
    dirs.map((d) => path.join(d, "index.ts")),
    {
      ...options,
      noEmit: true,
      baseUrl: REPO,
      paths: { "pulumi-kommo": ["provider/index.ts"] },
      typeRoots: [path.join(REPO, "node_modules/@types")],
    },
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file && d.start !== undefined
        ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
        : "";
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
}
