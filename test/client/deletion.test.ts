import nock from "nock";
import { describeFailure } from "../../provider/client";
import { BASE, HAL, PROBLEM, fixture, left, right, testClient } from "./support";
import { useNock } from "./nockSetup";

useNock();

const P = 6950551;
const PIPELINE = `/api/v4/leads/pipelines/${P}`;
const STATUS = `${PIPELINE}/statuses/58141819`;

const notFound = (detail: string) => ({ title: "Not Found", type: "https://httpstatus.es/404", status: 404, detail });
const notSupported = (path: string) => ({
  "validation-errors": [
    {
      request_id: "0",
      errors: [{ code: "NotSupportedChoice", path, detail: "The value you selected is not a valid choice." }],
    },
  ],
  title: "Bad Request",
  type: "https://httpstatus.es/400",
  status: 400,
  detail: "Request validation failed",
});
const holdsLeads = {
  title: "Bad Request",
  type: "https://httpstatus.es/400",
  status: 400,
  detail: "Pipeline has leads",
};

describe("deletePipelineIfPresent", () => {
  test("2xx: deleted, nothing read", async () => {
    nock(BASE).delete(PIPELINE).reply(204);
    expect(await right(testClient().client.deletePipelineIfPresent(P))).toBe("deleted");
  });

  test("404: gone, nothing read", async () => {
    nock(BASE).delete(PIPELINE).reply(404, notFound("Pipeline not found"), PROBLEM);
    expect(await right(testClient().client.deletePipelineIfPresent(P))).toBe("gone");
  });

  test.each([
    ["400 NotSupportedChoice at id", 400, notSupported("id")],
    ["another 400", 400, { title: "Bad Request", status: 400, detail: "Something else" }],
    ["422", 422, { title: "Unprocessable Entity", status: 422 }],
    ["410, not in the table", 410, ""],
  ])("%s, and a GET answers 404: gone", async (_name, status, body) => {
    nock(BASE).delete(PIPELINE).reply(status, body, PROBLEM);
    nock(BASE).get(PIPELINE).reply(404, notFound("Pipeline not found"), PROBLEM);
    expect(await right(testClient().client.deletePipelineIfPresent(P))).toBe("gone");
  });

  test("400, and the GET finds the pipeline: the refusal was real and comes back as it was", async () => {
    nock(BASE).delete(PIPELINE).reply(400, holdsLeads, PROBLEM);
    nock(BASE).get(PIPELINE).reply(200, fixture("get-pipeline.response"), HAL);
    const f = await left(testClient().client.deletePipelineIfPresent(P));
    expect(f.kind).toBe("validation");
    expect(f.op.method).toBe("DELETE");
    expect(describeFailure(f)).toMatch(/could not delete pipeline 6950551.*Pipeline has leads/);
  });

  test("400, and the GET fails: the refusal comes back as it was", async () => {
    nock(BASE).delete(PIPELINE).reply(400, holdsLeads, PROBLEM);
    nock(BASE).get(PIPELINE).reply(503, "", {});
    const f = await left(testClient({ retry: { maxAttempts: 1 } }).client.deletePipelineIfPresent(P));
    expect(f.kind === "validation" && f.detail).toBe("Pipeline has leads");
  });

  test("a 401 says nothing about the pipeline: not read, returned", async () => {
    nock(BASE).delete(PIPELINE).reply(401, { title: "Unauthorized", status: 401 }, PROBLEM);
    expect((await left(testClient().client.deletePipelineIfPresent(P))).kind).toBe("unauthorized");
  });

  test("a DELETE repeated after a reset that ends on 400 is confirmed by a GET: the first attempt deleted it", async () => {
    nock(BASE).delete(PIPELINE).replyWithError({ code: "ECONNRESET", message: "reset" });
    nock(BASE).delete(PIPELINE).reply(400, notSupported("id"), PROBLEM);
    nock(BASE).get(PIPELINE).reply(404, notFound("Pipeline not found"), PROBLEM);
    expect(await right(testClient().client.deletePipelineIfPresent(P))).toBe("gone");
  });

  test("a DELETE repeated after a 5xx that ends on 404: gone", async () => {
    nock(BASE).delete(PIPELINE).reply(502, "<html>Bad Gateway</html>", { "Content-Type": "text/html" });
    nock(BASE).delete(PIPELINE).reply(404, notFound("Pipeline not found"), PROBLEM);
    expect(await right(testClient().client.deletePipelineIfPresent(P))).toBe("gone");
  });

  test("a DELETE repeated after a reset whose 400 is real: the pipeline is there, and the failure is no longer ambiguous", async () => {
    nock(BASE).delete(PIPELINE).replyWithError({ code: "ECONNRESET", message: "reset" });
    nock(BASE).delete(PIPELINE).reply(400, holdsLeads, PROBLEM);
    nock(BASE).get(PIPELINE).reply(200, fixture("get-pipeline.response"), HAL);
    const f = await left(testClient().client.deletePipelineIfPresent(P));
    expect(f.kind).toBe("validation");
    expect(f.ambiguous).toBe(false);
    expect(describeFailure(f)).not.toMatch(/may or may not have been applied/);
  });
});

describe("deleteStatusIfPresent", () => {
  test("2xx: deleted", async () => {
    nock(BASE).delete(STATUS).reply(204);
    expect(await right(testClient().client.deleteStatusIfPresent(P, 58141819))).toBe("deleted");
  });

  test("404: gone", async () => {
    nock(BASE).delete(STATUS).reply(404, notFound("Status not found"), PROBLEM);
    expect(await right(testClient().client.deleteStatusIfPresent(P, 58141819))).toBe("gone");
  });

  test("400 NotSupportedChoice at status_id (docs/kommo-api.md), and the status GET answers 404: gone", async () => {
    nock(BASE).delete(STATUS).reply(400, notSupported("status_id"), PROBLEM);
    nock(BASE).get(STATUS).reply(404, notFound("Status not found"), PROBLEM);
    expect(await right(testClient().client.deleteStatusIfPresent(P, 58141819))).toBe("gone");
  });

  test("400, and the status GET answers 404 Pipeline not found: gone", async () => {
    nock(BASE).delete(STATUS).reply(400, notSupported("status_id"), PROBLEM);
    nock(BASE).get(STATUS).reply(404, notFound("Pipeline not found"), PROBLEM);
    expect(await right(testClient().client.deleteStatusIfPresent(P, 58141819))).toBe("gone");
  });

  test("400, the status GET refused with a 400, and the pipeline GET answers 404: gone", async () => {
    nock(BASE).delete(STATUS).reply(400, notSupported("status_id"), PROBLEM);
    nock(BASE).get(STATUS).reply(400, notSupported("pipeline_id"), PROBLEM);
    nock(BASE).get(PIPELINE).reply(404, notFound("Pipeline not found"), PROBLEM);
    expect(await right(testClient().client.deleteStatusIfPresent(P, 58141819))).toBe("gone");
  });

  test("400, the status GET refused with a 400, and the pipeline is there: the refusal comes back", async () => {
    nock(BASE).delete(STATUS).reply(400, notSupported("status_id"), PROBLEM);
    nock(BASE).get(STATUS).reply(400, notSupported("pipeline_id"), PROBLEM);
    nock(BASE).get(PIPELINE).reply(200, fixture("get-pipeline.response"), HAL);
    const f = await left(testClient().client.deleteStatusIfPresent(P, 58141819));
    expect(f.kind).toBe("validation");
    expect(f.op.path).toBe(STATUS);
  });

  test("400, and the status GET finds it: the refusal was real", async () => {
    nock(BASE)
      .delete(STATUS)
      .reply(400, { title: "Bad Request", status: 400, detail: "Status cannot be deleted" }, PROBLEM);
    nock(BASE).get(STATUS).reply(200, fixture("get-status.response"), HAL);
    const f = await left(testClient().client.deleteStatusIfPresent(P, 58141819));
    expect(describeFailure(f)).toMatch(
      /could not delete status 58141819 in pipeline 6950551.*Status cannot be deleted/,
    );
  });

  test("400, and the status GET fails: the refusal comes back", async () => {
    nock(BASE).delete(STATUS).reply(400, notSupported("status_id"), PROBLEM);
    nock(BASE).get(STATUS).reply(500, { status: 500, title: "ErrInternalServer" }, PROBLEM);
    const f = await left(testClient({ retry: { maxAttempts: 1 } }).client.deleteStatusIfPresent(P, 58141819));
    expect(f.kind).toBe("validation");
  });

  test("a DELETE repeated after a timeout that ends on 400 is confirmed by a GET", async () => {
    nock(BASE).delete(STATUS).delay(500).reply(204);
    nock(BASE).delete(STATUS).reply(400, notSupported("status_id"), PROBLEM);
    nock(BASE).get(STATUS).reply(404, notFound("Status not found"), PROBLEM);
    expect(await right(testClient({ timeoutMs: 50 }).client.deleteStatusIfPresent(P, 58141819))).toBe("gone");
  });
});
