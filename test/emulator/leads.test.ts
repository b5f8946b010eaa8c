import { HAL_JSON, useApi } from "./harness";

const LEADS = "/api/v4/leads";

describe("leads", () => {
  const api = useApi();

  test("POST /leads answers like Kommo and puts a lead without status in the main pipeline's first status", async () => {
    const main = await api().mainPipeline();

    const response = await api().post(LEADS, [{ name: "Deal", price: 100 }, { request_id: "r" }]);

    expect(response.status).toBe(200);
    expect(response.contentType).toBe(HAL_JSON);
    const [first, second] = response.json._embedded.leads;
    expect(response.json._links.self.href).toBe(`${api().url}${LEADS}`);
    expect(first).toEqual({
      id: first.id,
      request_id: "0",
      _links: { self: { href: `${api().url}${LEADS}/${first.id}` } },
    });
    expect(second.request_id).toBe("r");
    const listed = await api().get(`${LEADS}?filter[id]=${first.id}`);
    expect(listed.json._embedded.leads[0]).toMatchObject({
      name: "Deal",
      price: 100,
      pipeline_id: main.id,
      status_id: main._embedded.statuses[1].id,
    });
  });

  test("GET /leads filters by pipeline, as filter[pipeline_id]=X and as filter[pipeline_id][]=X", async () => {
    const extra = await api().createPipeline({ _embedded: { statuses: [{ name: "W", sort: 10 }] } });
    await api().post(LEADS, [{ name: "main" }, { name: "extra", pipeline_id: extra.id }]);

    const single = await api().get(`${LEADS}?filter[pipeline_id]=${extra.id}`);
    const list = await api().get(`${LEADS}?filter[pipeline_id][]=${extra.id}`);

    expect(single.json._embedded.leads.map((l: { name: string }) => l.name)).toEqual(["extra"]);
    expect(list.json._embedded.leads.map((l: { name: string }) => l.name)).toEqual(["extra"]);
  });

  test("GET /leads filters by filter[statuses][0][pipeline_id] and [status_id]", async () => {
    const main = await api().mainPipeline();
    const [, first, second] = main._embedded.statuses;
    await api().post(LEADS, [
      { name: "a", status_id: first.id },
      { name: "b", status_id: second.id },
    ]);

    const response = await api().get(
      `${LEADS}?filter[statuses][0][pipeline_id]=${main.id}&filter[statuses][0][status_id]=${second.id}`,
    );

    expect(response.json._embedded.leads.map((l: { name: string }) => l.name)).toEqual(["b"]);
  });

  test("an empty result is 204 with no body", async () => {
    const extra = await api().createPipeline();

    const response = await api().get(`${LEADS}?filter[pipeline_id]=${extra.id}`);

    expect(response.status).toBe(204);
    expect(response.text).toBe("");
  });

  test("a status of another pipeline is not a valid choice", async () => {
    const extra = await api().createPipeline({ _embedded: { statuses: [{ name: "W", sort: 10 }] } });
    const main = await api().mainPipeline();

    const response = await api().post(LEADS, [{ pipeline_id: main.id, status_id: extra._embedded.statuses[1].id }]);

    expect(response.status).toBe(400);
    expect(response.json["validation-errors"][0].errors[0]).toMatchObject({
      code: "NotSupportedChoice",
      path: "status_id",
    });
  });

  test("PATCH /leads/{id} moves a lead to another pipeline's first status", async () => {
    const extra = await api().createPipeline({ _embedded: { statuses: [{ name: "W", sort: 10 }] } });
    const id = (await api().post(LEADS, [{ name: "x" }])).json._embedded.leads[0].id;

    const response = await api().patch(`${LEADS}/${id}`, { pipeline_id: extra.id });

    expect(response.status).toBe(200);
    const listed = await api().get(`${LEADS}?filter[id][]=${id}`);
    expect(listed.json._embedded.leads[0]).toMatchObject({
      pipeline_id: extra.id,
      status_id: extra._embedded.statuses[1].id,
    });
  });

  test("pages of leads link to the next page", async () => {
    await api().post(
      LEADS,
      Array.from({ length: 3 }, (_, i) => ({ name: `L${i}` })),
    );

    const first = await api().get(`${LEADS}?limit=2`);
    const second = await api().get(`${LEADS}?limit=2&page=2`);
    const third = await api().get(`${LEADS}?limit=2&page=3`);

    expect(first.json._page).toBe(1);
    expect(first.json._links.next.href).toContain("page=2");
    expect(second.json._embedded.leads).toHaveLength(1);
    expect(second.json._links.next).toBeUndefined();
    expect(third.status).toBe(204);
  });
});
