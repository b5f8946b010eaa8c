import { readAccount, type LiveAccount } from "../account";
import { parseFlags } from "../args";
import { AUTH_FLAGS, connect } from "../auth";
import { wantsColor } from "../board/color";
import { renderBoard } from "../board/render";
import type { CliIO, RunContext } from "../io";
import { progressTo } from "../progress";
import { SHOW_USAGE } from "../usage";

const FLAGS = { ...AUTH_FLAGS, json: "boolean", verbose: "boolean", help: "boolean" } as const;

const DEFAULT_WIDTH = 120;

export async function showCommand(argv: readonly string[], io: CliIO, ctx: RunContext): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) {
    io.stdout.write(SHOW_USAGE);
    return 0;
  }
  const connection = connect(flags, io);
  ctx.connection = connection;
  const account = await readAccount(connection.client, progressTo(io.stderr, flags.verbose === true));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(accountJson(account), null, 2)}\n`);
    return 0;
  }
  const statuses = account.pipelines.reduce((n, p) => n + p.statuses.length, 0);
  const width = io.stdout.columns || Number(io.env.COLUMNS) || DEFAULT_WIDTH;
  io.stdout.write(`${account.baseUrl} · ${account.pipelines.length} pipeline(s) · ${statuses} status(es)\n\n`);
  io.stdout.write(renderBoard(account.pipelines, { width, color: wantsColor(io.env, io.stdout.isTTY === true) }));
  return 0;
}

/**
 * The document `--json` prints. Its keys are listed one by one, in a fixed order, so that scripts and diffs see
 * the same document for the same account whatever the client's types gain later.
 */
export function accountJson(account: LiveAccount) {
  return {
    pipelines: account.pipelines.map((p) => ({
      id: p.id,
      name: p.name,
      sort: p.sort,
      isMain: p.isMain,
      isUnsortedOn: p.isUnsortedOn,
      statuses: p.statuses.map((s) => ({
        id: s.id,
        name: s.name,
        sort: s.sort,
        color: s.color,
        type: s.type,
        descriptions: s.descriptions.map((d) => ({ level: d.level, description: d.description })),
      })),
    })),
  };
}
