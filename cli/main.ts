import { isKommoError, redact, type KommoError } from "../provider/client";
import { UsageError } from "./args";
import type { Connection } from "./auth";
import { exportCommand } from "./commands/export";
import { showCommand } from "./commands/show";
import type { CliIO, RunContext } from "./io";
import { packageInfo } from "../provider/packageInfo";
import { EXPORT_USAGE, MAIN_USAGE, SHOW_USAGE } from "./usage";

type Command = (argv: readonly string[], io: CliIO, ctx: RunContext) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  export: { run: exportCommand, usage: EXPORT_USAGE },
  show: { run: showCommand, usage: SHOW_USAGE },
};

/** Runs one invocation and returns the exit status: 0 done, 1 Kommo or the file system failed, 2 bad usage. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout.write((rest[0] !== undefined ? COMMANDS[rest[0]]?.usage : undefined) ?? MAIN_USAGE);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${packageInfo().version}\n`);
    return 0;
  }
  const command =
    name === undefined ? undefined : Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    // A stray first word is not echoed: it may be a token pasted in the wrong place.
    io.stderr.write(`kommo-iac: ${name === undefined ? "no command given" : "unknown command"}\n\n${MAIN_USAGE}`);
    return 2;
  }
  const ctx: RunContext = {};
  try {
    return await command.run(rest, io, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`kommo-iac ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    const message = isKommoError(error)
      ? `${error.message}${hint(error, ctx.connection)}`
      : error instanceof Error
        ? error.message
        : String(error);
    // The client already scrubs its messages; this also covers file system and unexpected errors.
    io.stderr.write(`kommo-iac ${name}: ${redact(message, ctx.connection?.token)}\n`);
    return 1;
  }
}

/** The client's messages name the provider's settings; this says which of the CLI's inputs was used. */
function hint(error: KommoError, connection: Connection | undefined): string {
  if (!connection) return "";
  switch (error.kind) {
    case "unauthorized":
    case "payment_required":
    case "forbidden":
      return `\nThe access token came from ${connection.tokenFrom}.`;
    case "network":
    case "not_found":
    case "invalid_response":
      return `\nThe account address ${connection.client.baseUrl} came from ${connection.addressFrom}.`;
    default:
      return "";
  }
}

/** The bin's entry point. */
export function main(): void {
  run(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`kommo-iac: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
