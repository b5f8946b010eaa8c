import nock from "nock";
import { describeFailure } from "../../provider/client";
import { BASE, HAL, PROBLEM, TOKEN, fixture, left, right, testClient } from "./support";
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

  test("on an HTML 429 without retry_after, with backoff", async () => {
    nock(BASE).get(LIST).reply(429, "<html>429</html>", { "Content-Type": "text/html" });
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client, sleeps } = testClient();
    await right(client.listPipelines());
    expect(sleeps).toEqual([375]);
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

describe("writes are retried only when certainly not applied", () => {
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
    ["a 500", (s: nock.Interceptor) => s.reply(500, { status: 500, title: "ErrInternalServer" }, PROBLEM), "server"],
    ["a reset", (s: nock.Interceptor) => s.replyWithError({ code: "ECONNRESET", message: "reset" }), "network"],
  ])("a PATCH that got %s is not repeated", async (_n, reply, kind) => {
    reply(nock(BASE).patch("/api/v4/leads/pipelines/1"));
    const { client, sleeps } = testClient();
    const f = await left(client.updatePipeline(1, { name: "x" }));
    expect(f.kind).toBe(kind);
    expect(describeFailure(f)).toMatch(/may or may not have been applied/);
    expect(sleeps).toEqual([]);
  });

  test("a DELETE that got a 502 is not repeated", async () => {
    nock(BASE).delete("/api/v4/leads/pipelines/1").reply(502, "<html/>", { "Content-Type": "text/html" });
    expect((await left(testClient().client.deletePipeline(1))).kind).toBe("server");
  });
});

describe("every request has a timeout", () => {
  test("a read that never answers times out and is retried", async () => {
    nock(BASE).get(LIST).delayConnection(500).reply(200, fixture("list-pipelines.response"), HAL);
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    await right(testClient({ timeoutMs: 50 }).client.listPipelines());
  });

  test("a write that times out is reported as possibly applied", async () => {
    nock(BASE).patch("/api/v4/leads/pipelines/1").delay(500).reply(200, fixture("edit-pipeline.response"), HAL);
    const f = await left(testClient({ timeoutMs: 50 }).client.updatePipeline(1, { sort: 5 }));
    expect(f.kind === "network" && f.timedOut && f.maybeApplied).toBe(true);
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
    nock(BASE).get(STATUSES).reply(200, { _embedded: { statuses: [created("Qualified", 99)] } }, HAL);
    const [s] = await right(testClient({ timeoutMs: 50 }).client.addStatuses(6950551, [{ name: "Qualified", sort: 20 }]));
    expect(s.id).toBe(99);
  });

  test("a create that got a 504 and was not applied is sent once more", async () => {
    nock(BASE).post(STATUSES).reply(504, "<html>Gateway Timeout</html>", { "Content-Type": "text/html" });
    nock(BASE).get(STATUSES).reply(200, { _embedded: { statuses: [] } }, HAL);
    nock(BASE)
      .post(STATUSES, [{ name: "Qualified", sort: 20, request_id: "0" }])
      .reply(200, { _embedded: { statuses: [created("Qualified", 100, "0")] } }, HAL);
    const [s] = await right(testClient().client.addStatuses(6950551, [{ name: "Qualified", sort: 20 }]));
    expect(s.id).toBe(100);
  });

  test("only the items not found are sent again, and results keep request order", async () => {
    nock(BASE).post(STATUSES).replyWithError({ code: "ECONNRESET", message: "reset" });
    nock(BASE).get(STATUSES).reply(200, { _embedded: { statuses: [created("B", 2)] } }, HAL);
    nock(BASE)
      .post(STATUSES, [{ name: "A", sort: 10, request_id: "0" }])
      .reply(200, { _embedded: { statuses: [created("A", 1, "0")] } }, HAL);
    const out = await right(testClient().client.addStatuses(6950551, [{ name: "A", sort: 10 }, { name: "B", sort: 20 }]));
    expect(out.map((s) => s.id)).toEqual([1, 2]);
  });

  test("a re-send that fails ambiguously in its turn is read back again, never sent blindly", async () => {
    nock(BASE).post(STATUSES).replyWithError({ code: "ECONNRESET", message: "reset" });
    nock(BASE).get(STATUSES).reply(200, { _embedded: { statuses: [] } }, HAL);
    // The second send was applied, but its answer was lost as well.
    nock(BASE).post(STATUSES).replyWithError({ code: "ECONNRESET", message: "reset" });
    nock(BASE).get(STATUSES).reply(200, { _embedded: { statuses: [created("Qualified", 101)] } }, HAL);
    const [s] = await right(testClient().client.addStatuses(6950551, [{ name: "Qualified", sort: 20 }]));
    expect(s.id).toBe(101);
  });

  test("when the read-back fails too, the create is not repeated and the failure says so", async () => {
    nock(BASE).post("/api/v4/leads/pipelines").reply(500, { status: 500, title: "ErrInternalServer" }, PROBLEM);
    nock(BASE).get("/api/v4/leads/pipelines").times(2).reply(503, "", {});
    const f = await left(
      testClient({ retry: { maxAttempts: 2 } }).client.addPipelines([
        { name: "Sales", sort: 1, is_main: false, is_unsorted_on: true },
      ]),
    );
    expect(f.kind).toBe("server");
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
    nock(BASE).get(LIST).replyWithError({ code: "ENOTFOUND", message: `failed for ${TOKEN}` });
    const f = await left(testClient().client.listPipelines());
    expect(JSON.stringify(f)).not.toContain(TOKEN);
  });
});
