import * as fs from "node:fs";
import * as path from "node:path";
import { readAccount } from "../account";
import { parseFlags, UsageError } from "../args";
import { AUTH_FLAGS, connect } from "../auth";
import { renderProject } from "../export/files";
import { slug } from "../export/names";
import type { CliIO, RunContext } from "../io";
import { progressTo } from "../progress";
import { EXPORT_USAGE } from "../usage";

const FLAGS = {
  ...AUTH_FLAGS,
  out: "string",
  stack: "string",
  project: "string",
  "package-spec": "string",
  language: "string",
  force: "boolean",
  verbose: "boolean",
  help: "boolean",
} as const;

// Pulumi's own rule for stack and project names; it also keeps the stack's config file inside DIR.
const PULUMI_NAME = /^[A-Za-z0-9_.-]+$/;

export async function exportCommand(argv: readonly string[], io: CliIO, ctx: RunContext): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) return help(io);
  if (!flags.out) throw new UsageError("--out DIR is required");
  const stack = flags.stack ?? "dev";
  if (!PULUMI_NAME.test(stack)) throw new UsageError("--stack takes letters, digits, '-', '_' and '.' only");
  const dir = path.resolve(flags.out);
  const project = flags.project ?? (slug(path.basename(dir)) || "kommo-crm");
  if (!PULUMI_NAME.test(project)) throw new UsageError("--project takes letters, digits, '-', '_' and '.' only");
  if (flags["package-spec"] !== undefined && !flags["package-spec"].trim())
    throw new UsageError("--package-spec is empty");

  const language = flags.language ?? "typescript";
  if (language !== "typescript" && language !== "python") {
    throw new UsageError(`--language takes typescript or python, not "${language}"`);
  }

  const connection = connect(flags, io);
  ctx.connection = connection;
  const account = await readAccount(connection.client, progressTo(io.stderr, flags.verbose === true));
  const { files, summary } = renderProject(account, {
    project,
    stack,
    packageSpec: flags["package-spec"]?.trim(),
    address: connection.address,
    language,
  });

  const clobbered = Object.keys(files).filter((name) => fs.existsSync(path.join(dir, name)));
  if (clobbered.length && !flags.force) {
    // Not bad usage but the state of DIR: main reports it like a file error, with exit status 1.
    throw new Error(`${dir} already has ${clobbered.join(", ")}; nothing was written. Pass --force to overwrite.`);
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);

  const main = language === "python" ? "__main__.py" : "index.ts";
  // Relative when under the working directory, as the user most likely typed it; absolute otherwise.
  const relative = path.relative(process.cwd(), dir);
  const shown = relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? dir : relative;
  io.stdout.write(
    `Exported ${summary.pipelines} pipeline(s) and ${summary.statuses} status(es) from ${account.baseUrl} to ${shown}\n` +
      (summary.unmanagedColors
        ? `${summary.unmanagedColors} status color(s) are outside the palette and stay Kommo's; see ${main}.\n`
        : "") +
      (summary.droppedDescriptions
        ? `${summary.droppedDescriptions} description(s) have an unknown level and are not declared; see ${main}.\n`
        : "") +
      `\nNext:\n  cd ${shellWord(shown)}\n  npm install\n` +
      (language === "python"
        ? "  python3 -m venv venv && venv/bin/pip install -r requirements.txt <pulumi-kommo's .sdk/python>\n"
        : "") +
      `  pulumi stack init ${stack}\n` +
      "  pulumi config set --secret kommo:accessToken <long-lived token>\n  pulumi up\n",
  );
  return 0;
}

function help(io: CliIO): number {
  io.stdout.write(EXPORT_USAGE);
  return 0;
}

/** For the "Next:" lines, which users paste into a shell. */
const shellWord = (s: string) => (/^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
