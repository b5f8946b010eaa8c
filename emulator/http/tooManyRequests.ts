import type { TooManyRequests } from "../behaviour/behaviour";
import { problem, tooManyRequests } from "./problems";
import { html, type Reply } from "./reply";

const DETAIL = "You have sent too many requests in a given amount of time. Please try again later.";

/**
 * Every 429, whichever stage refuses. The documented one is the problem with
 * `retry_after` in the body (docs/kommo-api.md); users report an HTML page from the
 * gateway with no Retry-After header (amocrm-api-php #517, #526); the header
 * is what #526 asks for; and a client must also survive a 429 that says
 * nothing at all.
 */
export function tooManyRequestsReply(shape: TooManyRequests, retryAfterSeconds: number): Reply {
  switch (shape) {
    case "problem":
      return tooManyRequests(retryAfterSeconds);
    case "html":
      return html(
        429,
        "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
      );
    case "header": {
      const reply = problem(429, DETAIL);
      reply.headers["retry-after"] = String(retryAfterSeconds);
      return reply;
    }
    case "bare":
      return { status: 429, headers: {}, body: "" };
  }
}
