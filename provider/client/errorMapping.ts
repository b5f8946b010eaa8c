import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";
import { ProblemBody } from "./codecs/problem";
import { parseJson } from "./decode";
import type { ItemValidationError, KommoFailure, Operation } from "./errors";
import { retryAfterSeconds } from "./retryAfter";

/** What came back over the wire, before any interpretation. */
export interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The `Retry-After` header as sent, if any. */
  readonly retryAfter?: string;
  /** The `Date` header: an HTTP-date `Retry-After` is measured from it, so a skewed local clock does not matter. */
  readonly date?: string;
  /** When the answer arrived (ms since the epoch), for an HTTP-date `Retry-After` without a `Date` header. */
  readonly receivedAt?: number;
}

/**
 * Kommo's gateway answers some errors (429, block 403s) with an HTML page instead of problem+json: that, or JSON that
 * is not an object, is no problem body. Any JSON object is one, and each of its fields is read on its own.
 */
function parseProblem(text: string): ProblemBody | undefined {
  let json: unknown;
  try {
    json = parseJson(text);
  } catch {
    return undefined;
  }
  return pipe(
    ProblemBody.decode(json),
    E.getOrElseW(() => undefined),
  );
}

function looksLikeHtml(raw: RawResponse): boolean {
  // Media types are case-insensitive (RFC 9110 §8.3.1): "Text/HTML" is HTML too.
  return raw.contentType.toLowerCase().includes("html") || /^\s*</.test(raw.text);
}

/**
 * Maps the `request_id`s of `validation-errors` back to positions in the request array: the client sends each item's
 * index as its request_id, and Kommo numbers items that had none by position, so both resolve to an index.
 */
function mapItems(problem: ProblemBody | undefined, requestIds?: readonly string[]): ItemValidationError[] {
  return (problem?.["validation-errors"]?.items ?? []).map((item) => {
    const id = item.request_id;
    if (id === undefined) return { ...item };
    const byId = requestIds?.indexOf(id) ?? -1;
    const byPosition = /^\d+$/.test(id) ? Number(id) : undefined;
    const index = byId >= 0 ? byId : byPosition;
    return index !== undefined ? { ...item, index } : { ...item };
  });
}

const snippet = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/** The error table: one HTTP answer that is not a success becomes one failure kind. */
export function failureFromResponse(op: Operation, raw: RawResponse, requestIds?: readonly string[]): KommoFailure {
  const problem = parseProblem(raw.text);
  const items = mapItems(problem, requestIds);
  const unread = problem?.["validation-errors"]?.unread;
  const base = {
    op,
    status: raw.status,
    traceId: problem?.trace_id,
    bodySnippet: raw.text ? snippet(raw.text) : undefined,
    // Every kind carries them: whatever the status, what Kommo says was wrong belongs in the message.
    ...(items.length ? { items } : {}),
    ...(unread !== undefined ? { unreadErrors: unread } : {}),
  };
  const detail = problem?.detail;
  const s = raw.status;
  if (s === 401) return { ...base, kind: "unauthorized", detail };
  if (s === 402) return { ...base, kind: "payment_required", detail };
  if (s === 403) return { ...base, kind: "forbidden", blocked: !problem && looksLikeHtml(raw), detail };
  if (s === 404) return { ...base, kind: "not_found", detail };
  // By its status alone, whatever the body: real 429s come as the gateway's HTML page (amocrm-api-php #517, #526), so
  // an HTML 429 must be neither the blocked-account 403 page nor an unreadable answer.
  if (s === 429)
    return { ...base, kind: "rate_limited", retryAfterSeconds: retryAfterSeconds(raw, problem?.retry_after) };
  if (s === 400 || s === 422) return { ...base, kind: "validation", detail, items };
  if (s >= 500) return { ...base, kind: "server", detail: detail ?? problem?.title };
  return {
    ...base,
    kind: "invalid_response",
    reason: `unexpected HTTP status ${s}${detail ? `: ${detail}` : ""}`,
  };
}
