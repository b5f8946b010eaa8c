export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const HAL_JSON = "application/hal+json";
export const PROBLEM_JSON = "application/problem+json";

export function jsonReply(status: number, body: unknown, contentType: string): Reply {
  return { status, headers: { "content-type": contentType }, body: JSON.stringify(body) };
}

export function hal(body: unknown, status = 200): Reply {
  return jsonReply(status, body, HAL_JSON);
}

/** Kommo answers deletes and empty lists with 204 and no body at all. */
export function noContent(): Reply {
  return { status: 204, headers: {}, body: "" };
}

export function html(status: number, body: string): Reply {
  return { status, headers: { "content-type": "text/html; charset=utf-8" }, body };
}
