import type { Behaviour } from "./behaviour/behaviour";
import { readBehaviourInput } from "./behaviour/behaviourConfig";
import type { ProfileName } from "./behaviour/profiles";
import { defaultConfig, type RuntimeConfig } from "./config";
import { describeFaultError, readFaultsPatch, type FaultConfig } from "./faults/faultConfig";
import { DEFAULT_BODY_LIMIT } from "./stages/readBody";
import { createEmulatorServer, formatHost } from "./server";

export interface EmulatorOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  host?: string;
  adminToken?: string;
  userToken?: string;
  /** Requests per second per token; 0 turns the limiter off. Default 7. */
  rateLimit?: number;
  /** Milliseconds added to each API response. Default 0. */
  latency?: number;
  /** 429s after which a token is blocked with 403s; 0 (default) never blocks. */
  blockAfter429s?: number;
  accountId?: number;
  /** Largest accepted request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Faults to inject from the start, as in PATCH /_emulator/config; unset ones keep their defaults (off). */
  faults?: Partial<FaultConfig>;
  /** Sets every behaviour switch to that profile's values; `behaviour` fields given as well override it. Default "reference". */
  profile?: ProfileName;
  /** Behaviour switches, as in PATCH /_emulator/config; unset ones keep the profile's values. */
  behaviour?: Partial<Behaviour>;
  onError?: (error: unknown) => void;
}

export interface RunningEmulator {
  /** Origin of the emulator, e.g. http://127.0.0.1:43210; the API is under /api/v4. */
  url: string;
  host: string;
  port: number;
  adminToken: string;
  userToken: string;
  accountId: number;
  close(): Promise<void>;
}

export const DEFAULT_ADMIN_TOKEN = "admin-token";
export const DEFAULT_USER_TOKEN = "user-token";
export const DEFAULT_ACCOUNT_ID = 30218877;
export const DEFAULT_HOST = "127.0.0.1";

/** Starts an emulator with a fresh account. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const config: RuntimeConfig = defaultConfig();
  if (options.rateLimit !== undefined) config.rateLimit = options.rateLimit;
  if (options.latency !== undefined) config.latency = options.latency;
  if (options.blockAfter429s !== undefined) config.blockAfter429s = options.blockAfter429s;
  if (options.faults !== undefined) {
    const faults = readFaultsPatch(config.faults, options.faults);
    if (!faults.ok) throw new Error(`Invalid option: ${describeFaultError(faults.error)}`);
    config.faults = faults.value;
  }
  const behaviour = readBehaviourInput(config.behaviour, { profile: options.profile, behaviour: options.behaviour });
  if (!behaviour.ok) throw new Error(`Invalid option: ${behaviour.error}`);
  config.behaviour = behaviour.value;
  const adminToken = options.adminToken ?? DEFAULT_ADMIN_TOKEN;
  const userToken = options.userToken ?? DEFAULT_USER_TOKEN;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const host = options.host ?? DEFAULT_HOST;
  const emulator = createEmulatorServer({
    adminToken,
    userToken,
    accountId,
    config,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    onError: options.onError ?? ((error) => process.stderr.write(`kommo-emulator: ${String(error)}\n`)),
  });
  await new Promise<void>((resolve, reject) => {
    emulator.server.once("error", reject);
    emulator.server.listen(options.port ?? 0, host, () => {
      emulator.server.off("error", reject);
      resolve();
    });
  });
  const address = emulator.server.address();
  if (address === null || typeof address === "string") throw new Error("The emulator is not listening on a TCP port");
  return {
    url: `http://${formatHost(host)}:${address.port}`,
    host,
    port: address.port,
    adminToken,
    userToken,
    accountId,
    close: () => emulator.shutdown(),
  };
}

export type { RuntimeConfig } from "./config";
export type {
  BatchApply,
  Behaviour,
  DeleteMissing,
  DescriptionTimestamps,
  DescriptionWithoutId,
  FailedBatch,
  PipelineSort,
  StatusPlacement,
  TooManyRequests,
  UnsetMain,
} from "./behaviour/behaviour";
export { PROFILE_NAMES, type ProfileName } from "./behaviour/profiles";
export type { Burst429, FaultConfig, InjectableStatus } from "./faults/faultConfig";
export type { FaultKind } from "./faults/injector";
export type { LoggedRequest } from "./requestLog";
