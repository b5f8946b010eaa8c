import * as E from "fp-ts/Either";

/** Where an account lives: a Kommo subdomain, or any base URL (amoCRM hosts, a proxy, the emulator). */
export type AccountAddress = { readonly subdomain: string } | { readonly baseUrl: string };

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Resolves an address to a base URL without a trailing slash; `/api/v4/...` paths are appended to it. */
export function resolveBaseUrl(address: AccountAddress): E.Either<string, string> {
  if ("subdomain" in address) {
    const sub = address.subdomain.trim();
    if (!SUBDOMAIN.test(sub)) {
      return E.left(`"${sub}" is not a Kommo subdomain: give only the first part of {subdomain}.kommo.com`);
    }
    return E.right(`https://${sub.toLowerCase()}.kommo.com`);
  }
  let url: URL;
  try {
    url = new URL(address.baseUrl.trim());
  } catch {
    return E.left(`"${address.baseUrl}" is not a URL: give one such as https://example.kommo.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return E.left(`"${address.baseUrl}" must be an http or https URL`);
  }
  if (url.username || url.password || url.search || url.hash) {
    return E.left(`"${url.origin}${url.pathname}" must not carry credentials, a query or a fragment`);
  }
  return E.right(`${url.origin}${url.pathname.replace(/\/+$/, "")}`);
}
