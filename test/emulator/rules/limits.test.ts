import { PROBLEM_JSON, useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

function pipelineItems(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `P${i}`,
    sort: 100 + i,
    is_main: false,
    is_unsorted_on: true,
    _embedded: { statuses: [{ name: "Work", sort: 10 }] },
  }));
}

function statusItems(count: number) {
  return Array.from({ length: count }, (_, i) => ({ name: `S${i}`, sort: 100 + i }));
}

describe("limits", () => {
  const api = useApi();

  test("an account holds at most 50 pipelines: the 51st is refused with 422", async () => {
    expect((await api().post(PIPELINES, pipelineItems(49))).status).toBe(200);

    const response = await api().post(PIPELINES, pipelineItems(1));

    expect(response.status).toBe(422);
    expect(response.contentType).toBe(PROBLEM_JSON);
    expect(response.json).toMatchObject({ title: "Unprocessable Entity", status: 422 });
    expect((await api().get(PIPELINES)).json._total_items).toBe(50);
  });

  test("a batch that would cross the pipeline limit creates nothing", async () => {
    const response = await api().post(PIPELINES, pipelineItems(50));

    expect(response.status).toBe(422);
    expect((await api().get(PIPELINES)).json._total_items).toBe(1);
  });

  test("a pipeline holds at most 100 statuses, the three system ones included", async () => {
    const main = await api().mainPipeline();
    const path = `${PIPELINES}/${main.id}/statuses`;
    expect(main._embedded.statuses).toHaveLength(7);
    expect((await api().post(path, statusItems(93))).status).toBe(200);

    const response = await api().post(path, statusItems(1));

    expect(response.status).toBe(422);
    expect(response.contentType).toBe(PROBLEM_JSON);
    expect(await api().statuses(main.id)).toHaveLength(100);
  });

  test("a new pipeline may bring 97 regular statuses but not 98", async () => {
    const tooMany = await api().post(PIPELINES, [
      { name: "Big", sort: 2, is_main: false, is_unsorted_on: true, _embedded: { statuses: statusItems(98) } },
    ]);
    expect(tooMany.status).toBe(422);

    const justRight = await api().post(PIPELINES, [
      { name: "Big", sort: 2, is_main: false, is_unsorted_on: true, _embedded: { statuses: statusItems(97) } },
    ]);
    expect(justRight.status).toBe(200);
    expect(justRight.json._embedded.pipelines[0]._embedded.statuses).toHaveLength(100);
  });
});
