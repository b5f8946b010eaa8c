import * as E from "fp-ts/Either";
import { createClient } from "../../client";
import type { KommoClient, KommoClientConfig } from "../../client";

/** Where each setting can come from: stack config first, then the provider process's environment. */
export const SETTINGS = {
  subdomain: { config: "kommo:subdomain", env: "KOMMO_SUBDOMAIN" },
  baseUrl: { config: "kommo:baseUrl", env: "KOMMO_BASE_URL" },
  accessToken: { config: "kommo:accessToken", env: "KOMMO_ACCESS_TOKEN" },
  rateLimit: { config: "kommo:rateLimit", env: "KOMMO_RATE_LIMIT" },
  requestTimeoutMs: { config: "kommo:requestTimeoutMs", env: "KOMMO_REQUEST_TIMEOUT_MS" },
} as const;

export type ConfigSource = (key: string) => string | undefined;

interface Source {
  readonly config: string;
  readonly env: string;
}

const where = (s: Source) => `${s.config} (or the ${s.env} environment variable)`;

export interface Settings {
  readonly client: Omit<KommoClientConfig, "limiter" | "circuit">;
  /** KOMMO_BATCHING=off sends one request per resource: the benchmark's baseline. */
  readonly batching: boolean;
}

/**
 * Reads the settings inside the provider process. Credentials are never captured in the serialized provider, so
 * they never reach the state file.
 */
export function readSettings(config: ConfigSource, env: NodeJS.ProcessEnv): E.Either<string, Settings> {
  const pick = (s: Source) => {
    const v = config(s.config) ?? env[s.env];
    return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
  };
  const accessToken = pick(SETTINGS.accessToken);
  const baseUrl = pick(SETTINGS.baseUrl);
  const subdomain = pick(SETTINGS.subdomain);
  const missing: string[] = [];
  if (baseUrl === undefined && subdomain === undefined) {
    missing.push(`${where(SETTINGS.subdomain)} or ${where(SETTINGS.baseUrl)}`);
  }
  if (accessToken === undefined) {
    missing.push(
      `${where(SETTINGS.accessToken)}; use a long-lived token and \`pulumi config set --secret kommo:accessToken\``,
    );
  }
  if (missing.length > 0 || accessToken === undefined) {
    return E.left(`Kommo settings are missing: set ${missing.join(", and ")}.`);
  }
  const rawRate = pick(SETTINGS.rateLimit);
  const rateLimit = rawRate === undefined ? undefined : Number(rawRate);
  if (rateLimit !== undefined && !(Number.isFinite(rateLimit) && rateLimit >= 0)) {
    return E.left(
      `${where(SETTINGS.rateLimit)} must be a number of requests per second (0 = no limit), got "${rawRate ?? ""}".`,
    );
  }
  const rawTimeout = pick(SETTINGS.requestTimeoutMs);
  const timeoutMs = rawTimeout === undefined ? undefined : Number(rawTimeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    return E.left(
      `${where(SETTINGS.requestTimeoutMs)} must be a whole number of milliseconds, got "${rawTimeout ?? ""}".`,
    );
  }
  const address = baseUrl !== undefined ? { baseUrl } : { subdomain: subdomain ?? "" };
  return E.right({
    client: { address, accessToken, rateLimit, timeoutMs },
    batching: (env.KOMMO_BATCHING ?? "").toLowerCase() !== "off",
  });
}

/** A client from the settings, or the message that says which setting to fix. Lookups and the CLI use it too. */
export function clientFromSettings(config: ConfigSource, env: NodeJS.ProcessEnv): E.Either<string, KommoClient> {
  const settings = readSettings(config, env);
  if (E.isLeft(settings)) return settings;
  return clientOf(settings.right);
}

export function clientOf(settings: Settings, extra: Partial<KommoClientConfig> = {}): E.Either<string, KommoClient> {
  // Every client made from settings talks to a real account, alongside the stack's other provider processes.
  const built = createClient({ ...settings.client, sharedPacing: true, ...extra });
  const at = "baseUrl" in settings.client.address ? SETTINGS.baseUrl : SETTINGS.subdomain;
  return E.mapLeft((reason: string) => `Kommo settings are invalid: ${reason}. Check ${where(at)}.`)(built);
}
