import * as E from "fp-ts/Either";
import { createClient, type KommoClient } from "../client";

/** Where each setting can come from: stack config first, then the provider process's environment. */
export const SETTINGS = {
  subdomain: { config: "kommo:subdomain", env: "KOMMO_SUBDOMAIN" },
  baseUrl: { config: "kommo:baseUrl", env: "KOMMO_BASE_URL" },
  accessToken: { config: "kommo:accessToken", env: "KOMMO_ACCESS_TOKEN" },
  rateLimit: { config: "kommo:rateLimit", env: "KOMMO_RATE_LIMIT" },
  requestTimeoutMs: { config: "kommo:requestTimeoutMs", env: "KOMMO_REQUEST_TIMEOUT_MS" },
} as const;

export type ConfigSource = (key: string) => string | undefined;

const where = (s: { config: string; env: string }) => `${s.config} (or the ${s.env} environment variable)`;

/**
 * Builds the client from settings read inside the provider process. Credentials are never captured in the
 * serialized provider, so they never reach the state file.
 */
export function clientFromSettings(config: ConfigSource, env: NodeJS.ProcessEnv): E.Either<string, KommoClient> {
  const pick = (s: { config: string; env: string }) => {
    const v = config(s.config) ?? env[s.env];
    return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
  };
  const accessToken = pick(SETTINGS.accessToken);
  const baseUrl = pick(SETTINGS.baseUrl);
  const subdomain = pick(SETTINGS.subdomain);
  const missing: string[] = [];
  if (!baseUrl && !subdomain) missing.push(`${where(SETTINGS.subdomain)} or ${where(SETTINGS.baseUrl)}`);
  if (!accessToken) missing.push(`${where(SETTINGS.accessToken)}; use a long-lived token and \`pulumi config set --secret kommo:accessToken\``);
  if (missing.length) return E.left(`Kommo settings are missing: set ${missing.join(", and ")}.`);
  const rawRate = pick(SETTINGS.rateLimit);
  const rateLimit = rawRate === undefined ? undefined : Number(rawRate);
  if (rateLimit !== undefined && !(Number.isFinite(rateLimit) && rateLimit >= 0)) {
    return E.left(`${where(SETTINGS.rateLimit)} must be a number of requests per second (0 = no limit), got "${rawRate}".`);
  }
  const rawTimeout = pick(SETTINGS.requestTimeoutMs);
  const timeoutMs = rawTimeout === undefined ? undefined : Number(rawTimeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    return E.left(`${where(SETTINGS.requestTimeoutMs)} must be a whole number of milliseconds, got "${rawTimeout}".`);
  }
  const built = createClient({
    address: baseUrl ? { baseUrl } : { subdomain: subdomain as string },
    accessToken: accessToken as string,
    rateLimit,
    timeoutMs,
  });
  return E.mapLeft((reason: string) => `Kommo settings are invalid: ${reason}. Check ${where(baseUrl ? SETTINGS.baseUrl : SETTINGS.subdomain)}.`)(built);
}

let current: E.Either<string, KommoClient> | undefined;

/**
 * Called from the provider's configure: one stack, so one set of settings per provider process. Missing or invalid
 * settings fail here, so that `pulumi preview` reports them before anything is attempted.
 */
export function configure(config: ConfigSource): void {
  current = clientFromSettings(config, process.env);
  if (E.isLeft(current)) throw new Error(current.left);
}

/** The client for this process; throws the settings error where an API call is about to be made. */
export function client(): KommoClient {
  if (!current) current = clientFromSettings(() => undefined, process.env);
  if (E.isLeft(current)) throw new Error(current.left);
  return current.right;
}
