import { jsonReply, PROBLEM_JSON, type Reply } from "./reply";

/** One failed check on one field, as Kommo reports it inside `validation-errors`. */
export interface FieldError {
  code: string;
  path: string;
  detail: string;
}

/** The errors of one item of the request array, keyed by that item's request_id. */
export interface ItemErrors {
  request_id: string;
  errors: FieldError[];
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
};

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}): Reply {
  const title = TITLES[status] ?? "Error";
  return jsonReply(status, { title, type: `https://httpstatus.es/${status}`, status, detail, ...extra }, PROBLEM_JSON);
}

/** docs/kommo-api.md: the vendor puts `validation-errors` first, then the usual problem fields. */
export function validationFailed(items: ItemErrors[]): Reply {
  return jsonReply(
    400,
    {
      "validation-errors": items,
      title: TITLES[400],
      type: "https://httpstatus.es/400",
      status: 400,
      detail: "Request validation failed",
    },
    PROBLEM_JSON,
  );
}

export function unauthorized(): Reply {
  return problem(401, "Invalid user name or password");
}

export function paymentRequired(): Reply {
  return problem(402, "Payment required");
}

export function forbidden(): Reply {
  return problem(403, "Access denied");
}

export function notFound(detail: string): Reply {
  return problem(404, detail);
}

export function tooManyRequests(retryAfterSeconds: number): Reply {
  return problem(429, "You have sent too many requests in a given amount of time. Please try again later.", {
    retry_after: retryAfterSeconds,
  });
}

export function batchTooLarge(): Reply {
  return problem(422, "Limit 250 per page");
}

/** docs/kommo-api.md: Kommo's 500 carries no `type` and adds a `trace_id`. */
export function internalError(detail: string, traceId: string): Reply {
  return jsonReply(500, { title: "ErrInternalServer", status: 500, detail, trace_id: traceId }, PROBLEM_JSON);
}

/** Single-item requests (PATCH, DELETE) are reported as item "0", as in docs/kommo-api.md. */
export function invalidField(code: string, path: string, detail: string, requestId = "0"): Reply {
  return validationFailed([{ request_id: requestId, errors: [{ code, path, detail }] }]);
}

export const NOT_A_VALID_CHOICE = "The value you selected is not a valid choice.";
