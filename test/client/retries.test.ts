import nock from "nock";
import { describeFailure } from "../../provider/client";
import { AccountRateLimiter } from "../../provider/client/limiter";
import { BASE, HAL, NONE, PROBLEM, TOKEN, allCreated, fixture, left, right, testClient } from "./support";
import { useNock } from "./nockSetup";

useNock();

const LIST = "/api/v4/leads/pipelines";
const STATUSES = "/api/v4/leads/pipelines/6950551/statuses";
const p429 = (retry_after?: number) => ({ title: "Too Many Requests", status: 429, detail: "slow down", retry_after });

describe("reads are retried", () => {
  test("on 5xx, with growing backoff, until they succeed", async () => {
    nock(BASE).get(LIST).reply(502, "<html>Bad Gateway</html>", { "Content-Type": "text/html" });
    nock(BASE).get(LIST).reply(500, { title: "ErrInternalServer", status: 500 }, PROBLEM);
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client, sleeps } = testClient();
    await right(client.listPipelines());
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0]);
  });

  test("on 429, waiting at least retry_after", async () => {
    nock(BASE).get(LIST).reply(429, p429(2), PROBLEM);
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client, sleeps } = testClient();
    await right(client.listPipelines());
    expect(sleeps).toEqual([2000]);
  });

  test("on a reset connection", async () => {
    nock(BASE).get(LIST).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    await right(testClient().client.listPipelines());
  });

  test("a bounded number of times", async () => {
    nock(BASE).get(LIST).times(3).reply(503, "", {});
    const { client, sleeps } = testClient({ retry: { maxAttempts: 3 } });
    const f = await left(client.listPipelines());
    expect(f.kind).toBe("server");
    expect(sleeps).toHaveLength(2);
  });

  test("not when retry_after is longer than the cap: the 429 is reported at once", async () => {
    nock(BASE).get(LIST).reply(429, p429(300), PROBLEM);
    const { client, sleeps } = testClient();
    const f = await left(client.listPipelines());
    expect(f.kind).toBe("rate_limited");
    expect(describeFailure(f)).toMatch(/wait 300 s/);
    expect(sleeps).toEqual([]);
  });

  test.each([
    [401, "unauthorized"],
    [402, "payment_required"],
    [403, "forbidden"],
    [404, "not_found"],
    [400, "validation"],
  ])("never on %i: the answer would not change", async (status, kind) => {
    nock(BASE).get(LIST).reply(status, { status, title: "x" }, PROBLEM);
    const { client, sleeps } = testClient();
    expect((await left(client.listPipelines())).kind).toBe(kind);
    expect(sleeps).toEqual([]);
  });

  test("never on an unknown host", async () => {
    nock(BASE).get(LIST).replyWithError({ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND" });
    const { client, sleeps } = testClient();
    const f = await left(client.listPipelines());
    expect(f.kind === "network" && f.code).toBe("ENOTFOUND");
    expect(describeFailure(f)).toMatch(/kommo:baseUrl/);
    expect(sleeps).toEqual([]);
  });
});

describe("a 429 in any shape is waited out, by every request to the account", () => {
  let pauses: jest.SpyInstance;
  beforeEach(() => (pauses = jest.spyOn(AccountRateLimiter.prototype, "pauseFor")));
  afterEach(() => pauses.mockRestore());

  const HTML_429 =
    "<html><head><title>429 Too Many Requests</title></head><body><center><h1>429</h1></center></body></html>";

  test("problem+json with retry_after in the body: waits at least that", async () => {
    nock(BASE).get(LIST).reply(429, p429(2), PROBLEM);
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client, sleeps } = testClient();
    await right(client.listPipelines());
    expect(sleeps).toEqual([2000]);
    expect(pauses).toHaveBeenCalledWith(2000);
  });

  test("an HTML page with no header (amocrm-api-php #517, #526): a window plus backoff", async () => {
    nock(BASE).get(LIST).reply(429, HTML_429, { "Content-Type": "text/html" });
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client, sleeps } = testClient();
    await right(client.listPipelines());
    // 1000 for the window, then half the 500 ms step plus half of it again at random 0.5.
    expect(sleeps).toEqual([1375]);
    expect(pauses).toHaveBeenCalledWith(1375);
  });

  test("an HTML 429 is rate_limited: not a blocked account, not an invalid response, and the account stays open", async () => {
    nock(BASE).get(LIST).reply(429, HTML_429, { "Content-Type": "text/html" });
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client } = testClient({ retry: { maxAttempts: 1 } });
    const f = await left(client.listPipelines());
    expect(f.kind).toBe("rate_limited");
    expect(f.kind === "rate_limited" && f.retryAfterSeconds).toBeUndefined();
    expect(describeFailure(f)).toMatch(/rate limit/);
    expect(describeFailure(f)).not.toMatch(/blocked this account/);
    // Had it been taken for a block, this request would fail unsent.
    await right(client.listPipelines());
  });

  test("a Retry-After header in seconds, with a problem+json body that has no retry_after", async () => {
    nock(BASE)
      .patch(`${LIST}/1`)
      .reply(429, p429(), { ...PROBLEM, "Retry-After": "3" });
    nock(BASE).patch(`${LIST}/1`).reply(200, fixture("edit-pipeline.response"), HAL);
    const { client, sleeps } = testClient();
    await right(client.updatePipeline(1, { name: "x" }));
    expect(sleeps).toEqual([3000]);
    expect(pauses).toHaveBeenCalledWith(3000);
  });

  test("a Retry-After header as an HTTP-date, measured from the answer's Date", async () => {
    const headers = {
      ...PROBLEM,
      Date: "Wed, 21 Oct 2015 07:28:00 GMT",
      "Retry-After": "Wed, 21 Oct 2015 07:28:04 GMT",
    };
    nock(BASE).get(LIST).reply(429, p429(), headers);
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client, sleeps } = testClient();
    await right(client.listPipelines());
    expect(sleeps).toEqual([4000]);
    expect(pauses).toHaveBeenCalledWith(4000);
  });

  test("a Retry-After header beyond the cap is reported at once, like a retry_after", async () => {
    nock(BASE).get(LIST).reply(429, "", { "Retry-After": "300" });
    const { client, sleeps } = testClient();
    const f = await left(client.listPipelines());
    expect(describeFailure(f)).toMatch(/wait 300 s/);
    expect(sleeps).toEqual([]);
  });

  test("no hint at all (empty body, no header): never at once, longer each time, jittered", async () => {
    nock(BASE).get(LIST).times(2).reply(429, "");
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client, sleeps } = testClient();
    await right(client.listPipelines());
    expect(sleeps).toEqual([1375, 1750]);
    expect(pauses.mock.calls).toEqual([[1375], [1750]]);
    for (const [random, expected] of [
      [0, 1250],
      [1, 1500],
    ]) {
      nock(BASE).get(LIST).reply(429, "");
      nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
      const jittered = testClient({ random: () => random });
      await right(jittered.client.listPipelines());
      expect(jittered.sleeps).toEqual([expected]);
    }
  });

  test("a write is sent again after a 429 of any shape: a 429 is answered before anything is applied", async () => {
    nock(BASE).post(LIST).reply(429, HTML_429, { "Content-Type": "text/html" });
    nock(BASE).post(LIST).reply(200, fixture("add-pipelines.response"), HAL);
    const [request] = fixture("add-pipelines.request");
    const [p] = await allCreated(testClient().client.addPipelines([request], NONE));
    expect(p.id).toBe(6964299);
  });
});

describe("writes are sent again only when sending them twice is sending them once", () => {
  const STATUS = `${STATUSES}/58221923`;
  const server500 = { status: 500, title: "ErrInternalServer" };

  test("a PATCH that got 429 is sent again", async () => {
    nock(BASE).patch("/api/v4/leads/pipelines/1", { name: "x" }).reply(429, p429(1), PROBLEM);
    nock(BASE).patch("/api/v4/leads/pipelines/1", { name: "x" }).reply(200, fixture("edit-pipeline.response"), HAL);
    await right(testClient().client.updatePipeline(1, { name: "x" }));
  });

  test("a PATCH whose connection was refused is sent again", async () => {
    nock(BASE).patch("/api/v4/leads/pipelines/1").replyWithError({ code: "ECONNREFUSED", message: "refused" });
    nock(BASE).patch("/api/v4/leads/pipelines/1").reply(200, fixture("edit-pipeline.response"), HAL);
    await right(testClient().client.updatePipeline(1, { name: "x" }));
  });

  test.each([
    ["a reset", (s: nock.Interceptor) => s.replyWithError({ code: "ECONNRESET", message: "reset" })],
    ["a 500", (s: nock.Interceptor) => s.reply(500, server500, PROBLEM)],
  ])("a pipeline PATCH of absolute values that got %s is sent again", async (_n, reply) => {
    const body = { name: "x", sort: 3, is_main: false, is_unsorted_on: true };
    reply(nock(BASE).patch("/api/v4/leads/pipelines/1", body));
    nock(BASE).patch("/api/v4/leads/pipelines/1", body).reply(200, fixture("edit-pipeline.response"), HAL);
    const { client, sleeps } = testClient();
    await right(client.updatePipeline(1, body));
    expect(sleeps).toEqual([375]);
  });

  test("a status PATCH of name, sort, color and descriptions updated by id is sent again after a 502", async () => {
    const body = {
      name: "x",
      sort: 20,
      color: "#fffeb2",
      descriptions: [{ id: 11, level: "newbie", description: "Call" }],
    };
    nock(BASE).patch(STATUS, body).reply(502, "<html>Bad Gateway</html>", { "Content-Type": "text/html" });
    nock(BASE).patch(STATUS, body).reply(200, fixture("edit-status.response"), HAL);
    await right(testClient().client.updateStatus(6950551, 58221923, body));
  });

  test.each([
    [
      "creates a description (no id), got a 500",
      { name: "x", descriptions: [{ level: "candidate", description: "New" }] },
      "server",
    ],
    [
      "deletes a description (id, no text), got a reset",
      { name: "x", descriptions: [{ id: 13, level: "master" }] },
      "network",
    ],
  ])("a status PATCH that %s is not sent again, and says it may have been applied", async (_name, body, kind) => {
    const scope = nock(BASE).patch(STATUS, body);
    if (kind === "server") scope.reply(500, server500, PROBLEM);
    else scope.replyWithError({ code: "ECONNRESET", message: "reset" });
    const { client, sleeps } = testClient();
    const f = await left(client.updateStatus(6950551, 58221923, body));
    expect(f.kind).toBe(kind);
    expect(f.ambiguous).toBe(true);
    expect(describeFailure(f)).toMatch(/may or may not have been applied/);
    expect(sleeps).toEqual([]);
  });

  test("a repeated PATCH that ends on a 400 is still marked ambiguous: its first attempt may have been applied", async () => {
    nock(BASE).patch("/api/v4/leads/pipelines/1").replyWithError({ code: "ECONNRESET", message: "reset" });
    nock(BASE)
      .patch("/api/v4/leads/pipelines/1")
      .reply(400, { title: "Bad Request", status: 400, detail: "Request validation failed" }, PROBLEM);
    const f = await left(testClient().client.updatePipeline(1, { name: "x" }));
    expect(f.kind === "validation" && f.ambiguous).toBe(true);
    expect(describeFailure(f)).toMatch(/refused the request as invalid.*may or may not have been applied/s);
  });

  test("a DELETE that got a 5xx is sent again, once, and succeeds", async () => {
    nock(BASE).delete("/api/v4/leads/pipelines/1").reply(502, "<html/>", { "Content-Type": "text/html" });
    nock(BASE).delete("/api/v4/leads/pipelines/1").reply(204);
    const { client, sleeps } = testClient();
    await right(client.deletePipeline(1));
    expect(sleeps).toHaveLength(1);
  });

  test("a DELETE that timed out and then finds the object gone reports the 404 as ambiguous, for the caller's gone-check", async () => {
    nock(BASE).delete(STATUS).replyWithError({ code: "ETIMEDOUT", message: "timeout" });
    nock(BASE).delete(STATUS).reply(404, { title: "Not Found", status: 404 }, PROBLEM);
    const f = await left(testClient().client.deleteStatus(6950551, 58221923));
    expect(f.kind === "not_found" && f.ambiguous).toBe(true);
  });

  test("a POST that got a 5xx is never sent again blindly: it is read back first", async () => {
    const created = { ...fixture("add-pipelines.response")._embedded.pipelines[0], request_id: undefined };
    const post = nock(BASE).post(LIST).reply(500, server500, PROBLEM);
    nock(BASE)
      .get(LIST)
      .reply(200, { _embedded: { pipelines: [created] } }, HAL);
    const [request] = fixture("add-pipelines.request");
    const { client, sleeps } = testClient();
    const [p] = await allCreated(client.addPipelines([{ ...request, request_id: undefined }], NONE));
    expect(p.id).toBe(created.id);
    expect(post.isDone()).toBe(true);
    expect(sleeps).toEqual([]);
  });
});

describe("every request has a timeout", () => {
  test("a read that never answers times out and is retried", async () => {
    nock(BASE).get(LIST).delayConnection(500).reply(200, fixture("list-pipelines.response"), HAL);
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    await right(testClient({ timeoutMs: 50 }).client.listPipelines());
  });

  test("a PATCH of absolute values that times out is sent again", async () => {
    nock(BASE).patch("/api/v4/leads/pipelines/1").delay(500).reply(200, fixture("edit-pipeline.response"), HAL);
    nock(BASE).patch("/api/v4/leads/pipelines/1").reply(200, fixture("edit-pipeline.response"), HAL);
    await right(testClient({ timeoutMs: 50 }).client.updatePipeline(1, { sort: 5 }));
  });

  test("a PATCH that may not be repeated and times out is reported as possibly applied", async () => {
    nock(BASE).patch(`${STATUSES}/1`).delay(500).reply(200, fixture("edit-status.response"), HAL);
    const f = await left(
      testClient({ timeoutMs: 50 }).client.updateStatus(6950551, 1, {
        name: "x",
        descriptions: [{ level: "newbie", description: "x" }],
      }),
    );
    expect(f.kind === "network" && f.timedOut && f.maybeApplied && f.ambiguous).toBe(true);
    expect(describeFailure(f)).toMatch(/did not answer in time.*may or may not have been applied/);
  });
});

describe("an ambiguous create never makes a duplicate", () => {
  const created = (name: string, id: number, request_id?: string) => ({
    id,
    name,
    sort: 20,
    is_editable: true,
    pipeline_id: 6950551,
    color: "#fffeb2",
    type: 0,
    account_id: 1,
    ...(request_id ? { request_id } : {}),
  });

  test("a create that timed out but was applied is found by reading back, and not sent again", async () => {
    nock(BASE).post(STATUSES).delay(500).reply(200, {});
    nock(BASE)
      .get(STATUSES)
      .reply(200, { _embedded: { statuses: [created("Qualified", 99)] } }, HAL);
    const [s] = await allCreated(
      testClient({ timeoutMs: 50 }).client.addStatuses(6950551, [{ name: "Qualified", sort: 20 }], NONE),
    );
    expect(s.id).toBe(99);
  });

  test("a create that got a 504 and was not applied is sent once more", async () => {
    nock(BASE).post(STATUSES).reply(504, "<html>Gateway Timeout</html>", { "Content-Type": "text/html" });
    nock(BASE)
      .get(STATUSES)
      .reply(200, { _embedded: { statuses: [] } }, HAL);
    nock(BASE)
      .post(STATUSES, [{ name: "Qualified", sort: 20, request_id: "0" }])
      .reply(200, { _embedded: { statuses: [created("Qualified", 100, "0")] } }, HAL);
    const [s] = await allCreated(testClient().client.addStatuses(6950551, [{ name: "Qualified", sort: 20 }], NONE));
    expect(s.id).toBe(100);
  });

  test("only the items not found are sent again, and results keep request order", async () => {
    nock(BASE).post(STATUSES).replyWithError({ code: "ECONNRESET", message: "reset" });
    nock(BASE)
      .get(STATUSES)
      .reply(200, { _embedded: { statuses: [created("B", 2)] } }, HAL);
    nock(BASE)
      .post(STATUSES, [{ name: "A", sort: 10, request_id: "0" }])
      .reply(200, { _embedded: { statuses: [created("A", 1, "0")] } }, HAL);
    const out = await allCreated(
      testClient().client.addStatuses(
        6950551,
        [
          { name: "A", sort: 10 },
          { name: "B", sort: 20 },
        ],
        NONE,
      ),
    );
    expect(out.map((s) => s.id)).toEqual([1, 2]);
  });

  test("a re-send that fails ambiguously in its turn is read back again, never sent blindly", async () => {
    nock(BASE).post(STATUSES).replyWithError({ code: "ECONNRESET", message: "reset" });
    nock(BASE)
      .get(STATUSES)
      .reply(200, { _embedded: { statuses: [] } }, HAL);
    // The second send was applied, but its answer was lost as well.
    nock(BASE).post(STATUSES).replyWithError({ code: "ECONNRESET", message: "reset" });
    nock(BASE)
      .get(STATUSES)
      .reply(200, { _embedded: { statuses: [created("Qualified", 101)] } }, HAL);
    const [s] = await allCreated(testClient().client.addStatuses(6950551, [{ name: "Qualified", sort: 20 }], NONE));
    expect(s.id).toBe(101);
  });

  test("when the read-back fails too, the create is not repeated and the failure says so", async () => {
    nock(BASE).post("/api/v4/leads/pipelines").reply(500, { status: 500, title: "ErrInternalServer" }, PROBLEM);
    nock(BASE).get("/api/v4/leads/pipelines").times(2).reply(503, "", {});
    const [r] = await testClient({ retry: { maxAttempts: 2 } }).client.addPipelines(
      [{ name: "Sales", sort: 1, is_main: false, is_unsorted_on: true }],
      NONE,
    )();
    const f = await left(async () => r);
    expect(f.kind).toBe("server");
    expect(f.ambiguous).toBe(true);
    expect(describeFailure(f)).toMatch(/could not create pipeline "Sales".*may or may not have been applied/s);
  });
});

describe("the token", () => {
  test("is sent as a bearer token and never appears in a failure", async () => {
    nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(LIST)
      .reply(401, { title: "Unauthorized", status: 401, detail: `token ${TOKEN} unknown` }, PROBLEM);
    const f = await left(testClient().client.listPipelines());
    expect(JSON.stringify(f)).not.toContain(TOKEN);
    expect(describeFailure(f)).not.toContain(TOKEN);
  });

  test("is scrubbed from network error text", async () => {
    nock(BASE)
      .get(LIST)
      .replyWithError({ code: "ENOTFOUND", message: `failed for ${TOKEN}` });
    const f = await left(testClient().client.listPipelines());
    expect(JSON.stringify(f)).not.toContain(TOKEN);
  });
});
