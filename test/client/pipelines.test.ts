import nock from "nock";
import { BASE, HAL, NONE, TOKEN, allCreated, fixture, right, testClient } from "./support";
import { useNock } from "./nockSetup";

useNock();

const auth = { authorization: `Bearer ${TOKEN}` };
const api = (extra: Record<string, string | RegExp> = {}) => nock(BASE, { reqheaders: { ...auth, ...extra } });

describe("pipeline endpoints send exactly the documented request", () => {
  test("list: GET /api/v4/leads/pipelines", async () => {
    const scope = api().get("/api/v4/leads/pipelines").query({}).reply(200, fixture("list-pipelines.response"), HAL);
    const list = await right(testClient().client.listPipelines());
    expect(list.map((p) => p.name)).toEqual(["Pipeline", "Pipeline 2"]);
    expect(scope.isDone()).toBe(true);
  });

  test("get: GET /api/v4/leads/pipelines/{id}", async () => {
    api().get("/api/v4/leads/pipelines/6950551").reply(200, fixture("get-pipeline.response"), HAL);
    const p = await right(testClient().client.getPipeline(6950551));
    expect(p.id).toBe(6950551);
    expect(p._embedded?.statuses).toHaveLength(7);
  });

  test("add: POST an array with request_ids, JSON content type, results in request order", async () => {
    const response = fixture("add-pipelines.response");
    const second = { ...response._embedded.pipelines[0], id: 7000001, name: "Second", request_id: "1" };
    response._embedded.pipelines = [second, { ...response._embedded.pipelines[0], request_id: "0" }];
    api({ "content-type": "application/json" })
      .post("/api/v4/leads/pipelines", [
        {
          name: "Additional pipeline",
          is_main: false,
          is_unsorted_on: true,
          sort: 20,
          _embedded: {
            statuses: [
              { id: 142, name: "Won leads status custom name" },
              { name: "Initial contact", sort: 10, color: "#fffeb2" },
            ],
          },
          request_id: "0",
        },
        { name: "Second", is_main: false, is_unsorted_on: false, sort: 30, request_id: "1" },
      ])
      .reply(200, response, HAL);
    const [request] = fixture("add-pipelines.request");
    delete request.request_id;
    const created = await allCreated(
      testClient().client.addPipelines(
        [request, { name: "Second", is_main: false, is_unsorted_on: false, sort: 30 }],
        NONE,
      ),
    );
    expect(created.map((p) => p.id)).toEqual([6964299, 7000001]);
  });

  test("add keeps a request_id the caller chose", async () => {
    const [request] = fixture("add-pipelines.request");
    api().post("/api/v4/leads/pipelines", [request]).reply(200, fixture("add-pipelines.response"), HAL);
    const [created] = await allCreated(testClient().client.addPipelines([request], NONE));
    expect(created.request_id).toBe("123");
  });

  test("edit: PATCH /api/v4/leads/pipelines/{id} with only the given fields", async () => {
    api({ "content-type": "application/json" })
      .patch("/api/v4/leads/pipelines/6964299", fixture("edit-pipeline.request"))
      .reply(200, fixture("edit-pipeline.response"), HAL);
    const p = await right(testClient().client.updatePipeline(6964299, fixture("edit-pipeline.request")));
    expect(p.name).toBe("New pipeline name");
    expect(p.sort).toBe(100);
  });

  test("delete: DELETE /api/v4/leads/pipelines/{id}, 204 with no body", async () => {
    api({ "content-type": "application/json" }).delete("/api/v4/leads/pipelines/6964299").reply(204);
    await expect(right(testClient().client.deletePipeline(6964299))).resolves.toBeUndefined();
  });

  test("a subdomain is addressed as https://{subdomain}.kommo.com", async () => {
    nock("https://devteam.kommo.com")
      .get("/api/v4/leads/pipelines")
      .reply(200, fixture("list-pipelines.response"), HAL);
    const { client } = testClient({ address: { subdomain: "devteam" } });
    expect(client.baseUrl).toBe("https://devteam.kommo.com");
    await right(client.listPipelines());
  });

  test("a base URL with a path prefix is kept", async () => {
    nock("http://127.0.0.1:8080")
      .get("/kommo/api/v4/leads/pipelines")
      .reply(200, fixture("list-pipelines.response"), HAL);
    const { client } = testClient({ address: { baseUrl: "http://127.0.0.1:8080/kommo/" } });
    await right(client.listPipelines());
  });
});
