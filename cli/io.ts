import type { Connection } from "./auth";
import type { KommoClientConfig } from "../provider/client";

export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Everything a command touches outside the file system, so that tests run the CLI in-process. */
export interface CliIO {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Tests shorten the client's retries and timeouts; users get the provider's defaults. */
  readonly client?: Pick<KommoClientConfig, "retry" | "timeoutMs" | "fetch">;
}

/** What a command leaves for main's error handling: the connection, to scrub its token and to explain failures. */
export interface RunContext {
  connection?: Connection;
}
