import { describeFailure, redact, redactFailure, type FailureKind } from "../../provider/client";
import { failureFromResponse } from "../../provider/client/errorMapping";
import { TOKEN } from "./support";

const op = {
  action: "update",
  target: "status 7 in pipeline 3",
  method: "PATCH",
  path: "/api/v4/leads/pipelines/3/statuses/7",
};
const problem = (status: number, extra: object = {}) =>
  JSON.stringify({ title: "T", type: `https://httpstatus.es/${status}`, status, detail: `detail ${status}`, ...extra });
const JSON_CT = "application/problem+json";
const HTML = "<html><body><h1>429 Too Many Requests</h1></body></html>";

describe("the error table", () => {
  test.each<[string, number, string, string, FailureKind, RegExp]>([
    ["401", 401, JSON_CT, problem(401), "unauthorized", /access token.*kommo:accessToken.*KOMMO_ACCESS_TOKEN/],
    ["402", 402, JSON_CT, problem(402), "payment_required", /paid or trial period/],
    ["403 JSON: not an admin", 403, JSON_CT, problem(403), "forbidden", /Only administrators/],
    ["403 HTML: blocked", 403, "text/html", "<html>Forbidden</html>", "forbidden", /blocked/],
    [
      "404",
      404,
      JSON_CT,
      problem(404, { detail: "Pipeline not found" }),
      "not_found",
      /Pipeline not found.*pulumi refresh/,
    ],
    ["400 validation", 400, JSON_CT, problem(400), "validation", /refused the request as invalid/],
    ["422", 422, JSON_CT, problem(422, { detail: "Limit 250 per page" }), "validation", /Limit 250 per page/],
    ["429 JSON", 429, JSON_CT, problem(429, { retry_after: 300 }), "rate_limited", /wait 300 s/],
    ["429 HTML from the gateway", 429, "text/html", HTML, "rate_limited", /rate limit/],
    [
      "500",
      500,
      JSON_CT,
      problem(500, { trace_id: "abc123" }),
      "server",
      /may or may not have been applied.*trace_id: abc123/s,
    ],
    ["502 HTML", 502, "text/html", "<html>Bad gateway</html>", "server", /server error/],
    ["503", 503, "", "", "server", /server error/],
    ["504", 504, JSON_CT, problem(504), "server", /server error/],
    ["an unexpected 3xx", 302, "text/html", "", "invalid_response", /unexpected HTTP status 302/],
  ])("%s", (_name, status, contentType, text, kind, message) => {
    const failure = failureFromResponse(op, { status, contentType, text });
    expect(failure.kind).toBe(kind);
    expect(failure.status).toBe(status);
    const msg = describeFailure(failure);
    expect(msg).toMatch(message);
    expect(msg).toContain("could not update status 7 in pipeline 3");
    expect(msg).toContain("PATCH /api/v4/leads/pipelines/3/statuses/7");
  });

  test("retry_after is kept from a JSON 429 and absent from an HTML one", () => {
    const json = failureFromResponse(op, { status: 429, contentType: JSON_CT, text: problem(429, { retry_after: 3 }) });
    const html = failureFromResponse(op, { status: 429, contentType: "text/html", text: HTML });
    expect(json.kind === "rate_limited" && json.retryAfterSeconds).toBe(3);
    expect(html.kind === "rate_limited" && html.retryAfterSeconds).toBeUndefined();
  });

  test("validation-errors are mapped back to the items of the request by request_id", () => {
    const body = problem(400, {
      "validation-errors": [
        { request_id: "b", errors: [{ code: "NotSupportedChoice", path: "color", detail: "bad color" }] },
        { request_id: "2", errors: [{ path: "name", detail: "empty" }] },
      ],
    });
    const f = failureFromResponse({ ...op, method: "POST" }, { status: 400, contentType: JSON_CT, text: body }, [
      "a",
      "b",
    ]);
    expect(f.kind).toBe("validation");
    if (f.kind !== "validation") return;
    expect(f.items.map((i) => [i.request_id, i.index])).toEqual([
      ["b", 1],
      ["2", 2],
    ]);
    const msg = describeFailure(f);
    expect(msg).toContain("item 1: color: bad color [NotSupportedChoice]");
    expect(msg).toContain("item 2: name: empty");
  });
});

describe("the token never reaches a message", () => {
  test("redact removes every occurrence", () => {
    expect(redact(`a ${TOKEN} b ${TOKEN}`, TOKEN)).toBe("a [redacted] b [redacted]");
  });

  test("no failure kind's message carries the token even when the body echoes it", () => {
    const text = problem(400, { detail: `Bearer ${TOKEN} is bad`, trace_id: TOKEN });
    for (const status of [400, 401, 402, 403, 404, 422, 429, 500]) {
      const failure = redactFailure(failureFromResponse(op, { status, contentType: JSON_CT, text }), TOKEN);
      expect(JSON.stringify(failure)).not.toContain(TOKEN);
      expect(describeFailure(failure)).not.toContain(TOKEN);
    }
  });
});
