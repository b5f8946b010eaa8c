import nock from "nock";
import { describeFailure } from "../../provider/client";
import { BASE, HAL, PROBLEM, fixture, left, right, testClient } from "./support";
import { useNock } from "./nockSetup";

useNock();

const LIST = "/api/v4/leads/pipelines";

describe("answers that cannot change stop every later request to the account", () => {
  test("after a 401, later requests fail at once without being sent", async () => {
    nock(BASE).get(LIST).reply(401, { title: "Unauthorized", status: 401 }, PROBLEM);
    const { client, sleeps } = testClient();
    expect((await left(client.listPipelines())).kind).toBe("unauthorized");
    // No mock is left for these: were they sent, nock would refuse them as unmatched.
    const again = await left(client.getPipeline(1));
    const write = await left(client.deletePipeline(1));
    for (const f of [again, write]) {
      expect(f.kind).toBe("unauthorized");
      expect(f.notSent).toBe(true);
      expect(describeFailure(f)).toMatch(/not sent: an earlier request to this account got this answer/);
    }
    expect(sleeps).toEqual([]);
  });

  test("a blocked account (HTML 403) is not asked again in this run; a new client, a new run, asks once more", async () => {
    const blocked = () =>
      nock(BASE).get(LIST).reply(403, "<html><body>Access denied</body></html>", { "Content-Type": "text/html" });
    blocked();
    const { client } = testClient();
    expect((await left(client.listPipelines())).kind).toBe("forbidden");
    const f = await left(client.listPipelines());
    expect(f.kind === "forbidden" && f.blocked && f.notSent).toBe(true);
    blocked();
    const fresh = await left(testClient().client.listPipelines());
    expect(fresh.kind).toBe("forbidden");
    expect(fresh.notSent).toBeUndefined();
  });

  test("a 402 stops the account too", async () => {
    nock(BASE).patch(`${LIST}/1`).reply(402, { title: "Payment Required", status: 402 }, PROBLEM);
    const { client } = testClient();
    await left(client.updatePipeline(1, { name: "x" }));
    expect((await left(client.listPipelines())).notSent).toBe(true);
  });

  test("a non-admin's 403 on a write stops writes only: reads are allowed to every user", async () => {
    nock(BASE).delete(`${LIST}/1`).reply(403, { title: "Forbidden", status: 403, detail: "Access denied" }, PROBLEM);
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client } = testClient();
    expect((await left(client.deletePipeline(1))).kind).toBe("forbidden");
    expect((await left(client.updatePipeline(1, { name: "x" }))).notSent).toBe(true);
    await right(client.listPipelines());
  });

  test("a 404 or a validation error leaves the account open", async () => {
    nock(BASE).get(`${LIST}/1`).reply(404, { title: "Not Found", status: 404 }, PROBLEM);
    nock(BASE).get(LIST).reply(200, fixture("list-pipelines.response"), HAL);
    const { client } = testClient();
    await left(client.getPipeline(1));
    await right(client.listPipelines());
  });
});
