import {
  behaviourFlag,
  BEHAVIOUR_USAGE,
  isSwitchFlag,
  parseBehaviourValue,
  parseProfile,
  PROFILE_FLAG,
} from "./behaviour/behaviourFlags";
import { checkFaultFlags, FAULT_USAGE, faultFlag, parseFaultValue } from "./faults/faultFlags";
import {
  DEFAULT_ADMIN_TOKEN,
  DEFAULT_HOST,
  DEFAULT_USER_TOKEN,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "./index";

const USAGE = `Usage: kommo-emulator [options]

  --port N           port to listen on; 0 picks a free one (default 0)
  --host H           address to bind (default ${DEFAULT_HOST})
  --admin-token T    bearer token of the administrator (default ${DEFAULT_ADMIN_TOKEN})
  --user-token U     bearer token of a user without admin rights (default ${DEFAULT_USER_TOKEN})
  --rate-limit R     requests per second per token, 0 = off (default 7)
  --latency MS       milliseconds added to each API response (default 0)
  --block-after N    block a token (403 HTML) after N 429s, 0 = never (default 0)
  --account-id ID    account_id of the emulated account
  --help             show this help

${FAULT_USAGE}
${BEHAVIOUR_USAGE}`;

export class UsageError extends Error {}

const NUMBER_FLAGS: Record<string, keyof EmulatorOptions> = {
  "--port": "port",
  "--rate-limit": "rateLimit",
  "--latency": "latency",
  "--block-after": "blockAfter429s",
  "--account-id": "accountId",
};

const STRING_FLAGS: Record<string, keyof EmulatorOptions> = {
  "--host": "host",
  "--admin-token": "adminToken",
  "--user-token": "userToken",
};

const INTEGER_ONLY = new Set(["--port", "--block-after", "--account-id"]);

/** Accepts both `--flag value` and `--flag=value`. Returns null when help was asked for. */
export function parseArgs(argv: readonly string[]): EmulatorOptions | null {
  const options: Record<string, unknown> = {};
  const faults: Record<string, unknown> = {};
  const behaviour: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return null;
    const eq = arg.indexOf("=");
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const fault = faultFlag(flag);
    if (fault !== undefined) {
      // A switch such as --blocked takes no value; --blocked=false is still accepted.
      const text = eq === -1 ? (fault.kind === "switch" ? "true" : argv[++i]) : arg.slice(eq + 1);
      if (text === undefined || text === "") throw new UsageError(`${flag} needs a value`);
      try {
        faults[fault.key] = parseFaultValue(flag, text);
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      continue;
    }
    const setting = behaviourFlag(flag);
    if (setting !== undefined || flag === PROFILE_FLAG) {
      const takesNoValue = setting !== undefined && isSwitchFlag(setting);
      const text = eq === -1 ? (takesNoValue ? "true" : argv[++i]) : arg.slice(eq + 1);
      if (text === undefined || text === "") throw new UsageError(`${flag} needs a value`);
      try {
        if (setting === undefined) options.profile = parseProfile(text);
        else behaviour[setting] = parseBehaviourValue(setting, text);
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      continue;
    }
    // Own keys only: "constructor" is not a flag.
    const key = Object.hasOwn(NUMBER_FLAGS, flag)
      ? NUMBER_FLAGS[flag]
      : Object.hasOwn(STRING_FLAGS, flag)
        ? STRING_FLAGS[flag]
        : undefined;
    if (key === undefined) throw new UsageError(`Unknown option ${arg}`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
    if (Object.hasOwn(STRING_FLAGS, flag)) {
      options[key] = value;
      continue;
    }
    const number = Number(value);
    if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || (INTEGER_ONLY.has(flag) && !Number.isInteger(number))) {
      throw new UsageError(
        `${flag} needs a non-negative ${INTEGER_ONLY.has(flag) ? "integer" : "number"}, got ${value}`,
      );
    }
    if (flag === "--port" && number > 65535) throw new UsageError(`--port must be at most 65535`);
    options[key] = number;
  }
  if (Object.keys(faults).length > 0) {
    const error = checkFaultFlags(faults);
    if (error !== null) throw new UsageError(error);
    options.faults = faults;
  }
  if (Object.keys(behaviour).length > 0) options.behaviour = behaviour;
  return options;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Registers what to do on SIGINT/SIGTERM. */
  onSignal: (handler: () => void) => void;
  exit: (code: number) => void;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  onSignal: (handler) => {
    process.once("SIGINT", handler);
    process.once("SIGTERM", handler);
  },
  // process.exit() could cut off output still queued for a pipe; set the code and let the loop drain,
  // with a forced exit only if something still holds the process a second later.
  exit: (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 1000).unref();
  },
};

/** Starts the emulator and prints exactly `listening on http://HOST:PORT` once it accepts requests. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<RunningEmulator | null> {
  let options: EmulatorOptions | null;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`kommo-emulator: ${error.message}\n\n${USAGE}`);
    io.exit(2);
    return null;
  }
  if (options === null) {
    io.out(USAGE);
    io.exit(0);
    return null;
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    io.err(`kommo-emulator: could not start: ${error instanceof Error ? error.message : String(error)}`);
    io.exit(1);
    return null;
  }
  io.out(`listening on ${emulator.url}`);
  io.onSignal(() => {
    emulator.close().then(
      () => io.exit(0),
      () => io.exit(1),
    );
  });
  return emulator;
}

if (require.main === module) {
  void runCli(process.argv.slice(2));
}
