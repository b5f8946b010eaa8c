import { randomUUID } from "node:crypto";
import { internalError } from "../http/problems";
import { html, type Reply } from "../http/reply";
import type { InjectableStatus } from "./faultConfig";

const GATEWAY_TITLES: Record<Exclude<InjectableStatus, 500>, string> = {
  502: "502 Bad Gateway",
  503: "503 Service Temporarily Unavailable",
  504: "504 Gateway Time-out",
};

/**
 * A 500 comes from Kommo itself, in docs/kommo-api.md's problem shape with a trace_id.
 * 502, 503 and 504 come from the gateway in front of it, which knows nothing
 * of problem+json and sends its stock HTML page, so a client must not assume
 * every error body is JSON.
 */
export function injectedError(status: InjectableStatus): Reply {
  if (status === 500) return internalError("Internal server error", randomUUID());
  const title = GATEWAY_TITLES[status];
  return html(
    status,
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  );
}

/** The 403 a blocked client gets, from the gateway as well (docs/kommo-api.md). */
export function blockedPage(): Reply {
  return html(
    403,
    "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>Your access has been blocked.</p></body></html>",
  );
}
