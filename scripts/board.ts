import { wantsColor } from "../cli/board/color";
import { renderBoard } from "../cli/board/render";
import { fetchBoard } from "./board/fetchBoard";

const USAGE = `Usage: node dist/scripts/board.js [BASE_URL] [ACCESS_TOKEN]

Prints the lead pipelines of a Kommo account as a board. BASE_URL and ACCESS_TOKEN default to the environment
variables KOMMO_BASE_URL and KOMMO_ACCESS_TOKEN; prefer the variable for the token, so that it stays out of
process listings. Colors are used on a terminal; NO_COLOR=1 turns them off and FORCE_COLOR=1 forces them on.
`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const baseUrl = argv[0] ?? process.env.KOMMO_BASE_URL;
  const token = argv[1] ?? process.env.KOMMO_ACCESS_TOKEN;
  if (!baseUrl || !token) {
    process.stderr.write(`board: ${!baseUrl ? "a base URL" : "an access token"} is needed\n\n${USAGE}`);
    return 2;
  }
  const pipelines = await fetchBoard(baseUrl, token);
  const width = process.stdout.columns || Number(process.env.COLUMNS) || 120;
  process.stdout.write(renderBoard(pipelines, { width, color: wantsColor(process.env, process.stdout.isTTY === true) }));
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`board: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
