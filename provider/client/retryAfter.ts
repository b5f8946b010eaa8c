import type { RawResponse } from "./errorMapping";

/**
 * How long a 429 asks to wait, in seconds, or undefined when it does not say.
 *
 * Kommo documents `retry_after` in a problem+json body (docs/kommo-api.md, "Rate limit"). Real 429s have come back as the
 * gateway's HTML page with neither that field nor a header (amocrm-api-php #517, #526; #526 asks for a `Retry-After`
 * header that is not sent). A gateway that does send the header is honoured, in either form RFC 9110 §10.2.3 allows:
 * delay-seconds or an HTTP-date. When body and header disagree the longer wait wins: waiting too little is what gets
 * an account blocked, waiting too long only slows a deploy.
 */
export function retryAfterSeconds(raw: RawResponse, fromBody: number | undefined): number | undefined {
  const fromHeader = raw.retryAfter !== undefined ? headerSeconds(raw.retryAfter, raw) : undefined;
  if (fromHeader === undefined) return fromBody;
  return fromBody === undefined ? fromHeader : Math.max(fromBody, fromHeader);
}

function headerSeconds(value: string, raw: RawResponse): number | undefined {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  // Date.parse reads "1.5" as a date in 2001: an HTTP-date always names its day or month in letters.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  const serverNow = raw.date !== undefined ? Date.parse(raw.date) : Number.NaN;
  const now = Number.isNaN(serverNow) ? (raw.receivedAt ?? Date.now()) : serverNow;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
