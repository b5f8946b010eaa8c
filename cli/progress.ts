import type { Output } from "./io";

export interface Progress {
  step(message: string): void;
  done(): void;
}

/**
 * Progress goes to stderr so that stdout stays clean for `--json` and redirection. On a terminal one line is
 * rewritten in place; elsewhere nothing is written unless --verbose asks for a line per step (CI logs).
 */
export function progressTo(stderr: Output, verbose: boolean): Progress {
  if (stderr.isTTY) {
    let shown = false;
    return {
      step: (message) => {
        stderr.write(`\r\x1b[K${message}`);
        shown = true;
      },
      done: () => {
        if (shown) stderr.write("\r\x1b[K");
        shown = false;
      },
    };
  }
  if (verbose) return { step: (message) => stderr.write(`${message}\n`), done: () => undefined };
  return { step: () => undefined, done: () => undefined };
}
