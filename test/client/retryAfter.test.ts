import { failureFromResponse } from "../../provider/client/errorMapping";
import { retryAfterSeconds } from "../../provider/client/retryAfter";

const raw = (extra: object = {}) => ({ status: 429, contentType: "text/html", text: "<html>429</html>", ...extra });
const op = { action: "read", method: "GET", path: "/api/v4/leads/pipelines" };

describe("how long a 429 asks to wait", () => {
  test.each<[string, object, number | undefined, number | undefined]>([
    ["nothing said", {}, undefined, undefined],
    ["the body's retry_after", {}, 7, 7],
    ["a header in seconds", { retryAfter: "3" }, undefined, 3],
    ["a header with spaces", { retryAfter: " 12 " }, undefined, 12],
    ["body and header: the longer wins", { retryAfter: "9" }, 4, 9],
    ["header and body: the longer wins", { retryAfter: "2" }, 4, 4],
    [
      "an HTTP-date, from the Date header",
      { retryAfter: "Wed, 21 Oct 2015 07:28:30 GMT", date: "Wed, 21 Oct 2015 07:28:00 GMT" },
      undefined,
      30,
    ],
    [
      "an HTTP-date, from the local arrival when there is no Date",
      { retryAfter: "Wed, 21 Oct 2015 07:28:10 GMT", receivedAt: Date.parse("Wed, 21 Oct 2015 07:28:00 GMT") },
      undefined,
      10,
    ],
    [
      "an HTTP-date in the past: no wait asked",
      { retryAfter: "Wed, 21 Oct 2015 07:27:00 GMT", date: "Wed, 21 Oct 2015 07:28:00 GMT" },
      undefined,
      0,
    ],
    [
      "part of a second rounds up",
      { retryAfter: "Wed, 21 Oct 2015 07:28:01 GMT", receivedAt: Date.parse("Wed, 21 Oct 2015 07:28:00 GMT") + 400 },
      undefined,
      1,
    ],
    ["a header that is neither form", { retryAfter: "soon" }, undefined, undefined],
    ["a number-like header that is neither form", { retryAfter: "1.5" }, undefined, undefined],
    ["a header that is neither form, with a body value", { retryAfter: "-3" }, 5, 5],
  ])("%s", (_name, extra, fromBody, expected) => {
    expect(retryAfterSeconds(raw(extra), fromBody)).toBe(expected);
  });

  test("the error table reads the header of any 429, HTML or empty", () => {
    const html = failureFromResponse(op, raw({ retryAfter: "6" }));
    const empty = failureFromResponse(op, { status: 429, contentType: "", text: "", retryAfter: "2" });
    expect(html.kind === "rate_limited" && html.retryAfterSeconds).toBe(6);
    expect(empty.kind === "rate_limited" && empty.retryAfterSeconds).toBe(2);
  });
});
