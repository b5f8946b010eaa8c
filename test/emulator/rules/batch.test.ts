import { PROBLEM_JSON, useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

const LIMIT_BODY = {
  title: "Unprocessable Entity",
  type: "https://httpstatus.es/422",
  status: 422,
  detail: "Limit 250 per page",
};

describe("batch size", () => {
  const api = useApi();

  test("250 items in one POST are accepted", async () => {
    const response = await api().post(
      "/api/v4/leads",
      Array.from({ length: 250 }, (_, i) => ({ name: `L${i}` })),
    );

    expect(response.status).toBe(200);
    expect(response.json._embedded.leads).toHaveLength(250);
  });

  test("more than 250 items in one POST answer the documented 422, before any validation", async () => {
    const main = await api().mainPipeline();
    const tooMany = Array.from({ length: 251 }, () => ({ name: 5 }));

    for (const path of [PIPELINES, `${PIPELINES}/${main.id}/statuses`, "/api/v4/leads"]) {
      const response = await api().post(path, tooMany);

      expect(response.status).toBe(422);
      expect(response.contentType).toBe(PROBLEM_JSON);
      expect(response.json).toEqual(LIMIT_BODY);
    }
  });

  test("a list page larger than 250 is refused the same way", async () => {
    const response = await api().get("/api/v4/leads?limit=251");

    expect(response.status).toBe(422);
    expect(response.json).toEqual(LIMIT_BODY);
  });
});
