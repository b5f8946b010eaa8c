import * as E from "fp-ts/Either";
import { createClient, type AccountAddress, type KommoClient } from "../provider/client";
import { UsageError } from "./args";
import type { CliIO } from "./io";

/** The flags every command that reads an account takes. */
export const AUTH_FLAGS = { "base-url": "string", subdomain: "string", token: "string" } as const;

export interface Connection {
  readonly client: KommoClient;
  /** The address as the user gave it, so that export writes the same kind of setting back. */
  readonly address: AccountAddress;
  /** Where each setting came from, for error messages: "--base-url" or "KOMMO_BASE_URL", ... */
  readonly addressFrom: string;
  readonly tokenFrom: string;
  /** Kept only to scrub it from anything printed. */
  readonly token: string;
}

const given = (v: string | undefined) => (v !== undefined && v.trim() !== "" ? v.trim() : undefined);

/**
 * Flags win over the environment, which the provider reads too (KOMMO_BASE_URL, KOMMO_SUBDOMAIN,
 * KOMMO_ACCESS_TOKEN, KOMMO_RATE_LIMIT), so a shell set up for `pulumi up` works for the CLI as it is.
 */
export function connect(flags: { "base-url"?: string; subdomain?: string; token?: string }, io: CliIO): Connection {
  if (given(flags["base-url"]) && given(flags.subdomain))
    throw new UsageError("give --base-url or --subdomain, not both");
  const baseUrl = (from: string, v: string | undefined) =>
    given(v) ? { from, address: { baseUrl: given(v) as string } } : undefined;
  const subdomain = (from: string, v: string | undefined) =>
    given(v) ? { from, address: { subdomain: given(v) as string } } : undefined;
  const found =
    baseUrl("--base-url", flags["base-url"]) ??
    subdomain("--subdomain", flags.subdomain) ??
    baseUrl("KOMMO_BASE_URL", io.env.KOMMO_BASE_URL) ??
    subdomain("KOMMO_SUBDOMAIN", io.env.KOMMO_SUBDOMAIN);
  if (!found) {
    throw new UsageError(
      "no Kommo account given: pass --base-url URL or --subdomain NAME, or set KOMMO_BASE_URL or KOMMO_SUBDOMAIN",
    );
  }
  const { from: addressFrom, address }: { from: string; address: AccountAddress } = found;
  const tokenFrom = given(flags.token) ? "--token" : "KOMMO_ACCESS_TOKEN";
  const token = given(flags.token) ?? given(io.env.KOMMO_ACCESS_TOKEN);
  if (!token) {
    throw new UsageError(
      "no access token given: set KOMMO_ACCESS_TOKEN (or pass --token, which other users of the machine can see in the process list)",
    );
  }
  const rawRate = given(io.env.KOMMO_RATE_LIMIT);
  const rateLimit = rawRate === undefined ? undefined : Number(rawRate);
  if (rateLimit !== undefined && !(Number.isFinite(rateLimit) && rateLimit >= 0)) {
    throw new UsageError("KOMMO_RATE_LIMIT must be a number of requests per second (0 = no limit)");
  }
  const built = createClient({ address, accessToken: token, rateLimit, ...io.client });
  // The token was checked above, so what is left to refuse is the address.
  if (E.isLeft(built)) throw new UsageError(`${addressFrom}: ${built.left}`);
  return { client: built.right, address, addressFrom, tokenFrom, token };
}
