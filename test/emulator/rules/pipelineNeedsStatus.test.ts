import { PROBLEM_JSON, useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";
const BARE = { name: "Bare", sort: 5, is_main: false, is_unsorted_on: true };

describe("pipelineNeedsStatus", () => {
  const api = useApi();

  async function pipelineCount(): Promise<number> {
    return (await api().get(PIPELINES)).json._total_items;
  }

  test("true (the default): a create with no regular status is a 400 at _embedded.statuses, and nothing is written", async () => {
    const none = await api().post(PIPELINES, [BARE]);
    const onlyClosing = await api().post(PIPELINES, [
      { ...BARE, request_id: "p1", _embedded: { statuses: [{ id: 142, name: "Paid" }] } },
    ]);

    expect(none.status).toBe(400);
    expect(none.contentType).toBe(PROBLEM_JSON);
    expect(none.json).toEqual({
      "validation-errors": [
        {
          request_id: "0",
          errors: [{ code: "NotBlank", path: "_embedded.statuses", detail: "This value should not be blank." }],
        },
      ],
      title: "Bad Request",
      type: "https://httpstatus.es/400",
      status: 400,
      detail: "Request validation failed",
    });
    expect(onlyClosing.status).toBe(400);
    expect(onlyClosing.json["validation-errors"]).toEqual([
      { request_id: "p1", errors: [expect.objectContaining({ code: "NotBlank", path: "_embedded.statuses" })] },
    ]);
    expect(await pipelineCount()).toBe(1);
  });

  test("false: a create with no regular status gets only the three system statuses", async () => {
    await api().behaviour({ pipelineNeedsStatus: false });

    const response = await api().post(PIPELINES, [BARE]);

    expect(response.status).toBe(200);
    const statuses = response.json._embedded.pipelines[0]._embedded.statuses;
    expect(statuses.map((s: { sort: number; is_editable: boolean }) => [s.sort, s.is_editable])).toEqual([
      [10, false],
      [10000, false],
      [11000, false],
    ]);
    expect(await pipelineCount()).toBe(2);
  });
});
