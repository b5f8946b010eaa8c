import fetch from "node-fetch";
import type { KommoFailure, Operation } from "./errors";
import { redact } from "./errors";
import type { RawResponse } from "./errorMapping";

export interface Exchange {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
}

export type Fetch = typeof fetch;

/** Error codes that mean the request never left this machine or never reached a server, so nothing was applied. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** One HTTP exchange with a hard timeout. It never throws: a transport failure comes back as a network failure. */
export async function exchange(
  doFetch: Fetch,
  op: Operation,
  req: Exchange,
  token: string,
): Promise<RawResponse | KommoFailure> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), req.timeoutMs);
  try {
    const res = await doFetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: controller.signal,
    });
    // The body is read inside the timeout too: a server can stall after sending its headers.
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get("content-type") ?? "",
      text,
      retryAfter: res.headers.get("retry-after") ?? undefined,
      date: res.headers.get("date") ?? undefined,
      receivedAt: Date.now(),
    };
  } catch (e) {
    const err = e as { name?: string; code?: string; errno?: string; message?: string };
    const timedOut = err.name === "AbortError";
    const code = timedOut ? "ETIMEDOUT" : (err.code ?? err.errno);
    return {
      op,
      kind: "network",
      code,
      timedOut,
      maybeApplied: !(code !== undefined && NOT_SENT.has(code)),
      bodySnippet: err.message ? redact(err.message, token) : undefined,
    };
  } finally {
    clearTimeout(timer);
  }
}

export const isRawResponse = (r: RawResponse | KommoFailure): r is RawResponse => "contentType" in r;
