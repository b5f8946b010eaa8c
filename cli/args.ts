/** Bad usage: main prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type FlagKind = "string" | "boolean";
export type FlagSpec = Readonly<Record<string, FlagKind>>;
export type Flags<S extends FlagSpec> = { [K in keyof S]?: S[K] extends "string" ? string : boolean };

/**
 * `--name value`, `--name=value` and `--flag`; `-h` is `--help`. Messages name options but never repeat a value
 * or a stray argument: either could be a token pasted in the wrong place.
 */
export function parseFlags<S extends FlagSpec>(argv: readonly string[], spec: S): Flags<S> {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "-h" && spec.help === "boolean") {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      throw new UsageError(`unexpected argument at position ${i + 1}: options are given as --name value`);
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === "boolean") {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq === -1 && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
    flags[name] = value;
  }
  return flags as Flags<S>;
}
