import type { IncomingHttpHeaders } from "node:http";

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Expectations {
  /** Statuses the answer may have. */
  statuses: ReadonlySet<number>;
  /** Statuses that come as the gateway's HTML page rather than problem+json (the injected 502-504, the blocked 403). */
  html?: ReadonlySet<number>;
}

/** The statuses the README documents for an emulator with no rate limit, no payment wall and no faults. */
export const PLAIN_STATUSES: ReadonlySet<number> = new Set([200, 204, 400, 401, 403, 404, 405, 413, 415, 422]);

/**
 * What makes an answer well-formed: a documented status, a body that matches
 * its Content-Length, hal+json on a 2xx with a body, problem+json (with status,
 * title and detail) on an error, or the gateway's HTML where that is expected.
 * Returns what is wrong, empty when nothing is.
 */
export function answerProblems(method: string, answer: Answer, expected: Expectations): string[] {
  const problems: string[] = [];
  const { status, headers, body } = answer;
  const type = headers["content-type"];
  if (!expected.statuses.has(status)) problems.push(`status ${status} is not expected`);
  if (method === "HEAD" || status === 204) {
    if (body.length !== 0) problems.push(`${method} ${status} has a body`);
    return problems;
  }
  if (headers["content-length"] !== String(body.length))
    problems.push(`content-length ${headers["content-length"]} for ${body.length} bytes`);
  if (expected.html?.has(status) === true && type?.startsWith("text/html") === true) {
    if (!body.toString("utf8").includes(String(status))) problems.push(`HTML ${status} page does not name its status`);
    return problems;
  }
  let json: any;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    problems.push(`body is not JSON: ${body.toString("utf8").slice(0, 80)}`);
    return problems;
  }
  if (status < 300) {
    if (type !== "application/hal+json") problems.push(`2xx with content-type ${type}`);
    return problems;
  }
  if (type !== "application/problem+json") problems.push(`${status} with content-type ${type}`);
  if (json?.status !== status) problems.push(`problem.status ${json?.status} for ${status}`);
  if (typeof json?.title !== "string" || typeof json?.detail !== "string")
    problems.push("problem without title or detail");
  if (status === 500 && typeof json?.trace_id !== "string") problems.push("500 without trace_id");
  if (status === 429 && typeof json?.retry_after !== "number") problems.push("429 without retry_after");
  return problems;
}
