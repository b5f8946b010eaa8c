import { PROBLEM_JSON, useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";
const LEADS = "/api/v4/leads";

describe("deletes", () => {
  const api = useApi();

  async function addLead(fields: Record<string, unknown>): Promise<number> {
    const response = await api().post(LEADS, [{ name: "Deal", ...fields }]);
    if (response.status !== 200) throw new Error(response.text);
    return response.json._embedded.leads[0].id;
  }

  async function leadsOf(pipelineId: number): Promise<Array<{ id: number; status_id: number }>> {
    const response = await api().get(`${LEADS}?filter[pipeline_id]=${pipelineId}`);
    return response.status === 204 ? [] : response.json._embedded.leads;
  }

  test("the last pipeline of an account cannot be deleted", async () => {
    const main = await api().mainPipeline();

    const response = await api().delete(`${PIPELINES}/${main.id}`);

    expect(response.status).toBe(400);
    expect(response.contentType).toBe(PROBLEM_JSON);
    expect(response.json).toMatchObject({ title: "Bad Request", status: 400 });
    expect(response.json.detail).toMatch(/last pipeline/);
    expect((await api().get(`${PIPELINES}/${main.id}`)).status).toBe(200);
  });

  test("a pipeline that holds leads cannot be deleted; once they are moved out it can", async () => {
    const main = await api().mainPipeline();
    const extra = await api().createPipeline({ _embedded: { statuses: [{ name: "Work", sort: 10 }] } });
    const lead = await addLead({ pipeline_id: extra.id });

    const refused = await api().delete(`${PIPELINES}/${extra.id}`);
    const moved = await api().patch(LEADS, [{ id: lead, pipeline_id: main.id }]);
    const accepted = await api().delete(`${PIPELINES}/${extra.id}`);

    expect(refused.status).toBe(400);
    expect(refused.json.detail).toMatch(/without leads/);
    expect(refused.json["validation-errors"]).toEqual([
      {
        request_id: "0",
        errors: [{ code: "PipelineHasLeads", path: "id", detail: "A pipeline with leads cannot be deleted" }],
      },
    ]);
    expect(moved.status).toBe(200);
    expect(accepted.status).toBe(204);
  });

  test("deleting a status moves its leads to the pipeline's first regular status", async () => {
    const pipeline = await api().createPipeline({
      _embedded: {
        statuses: [
          { name: "A", sort: 10 },
          { name: "B", sort: 20 },
          { name: "C", sort: 30 },
        ],
      },
    });
    const [, a, b, c] = await api().statuses(pipeline.id);
    const inB = await addLead({ pipeline_id: pipeline.id, status_id: b.id });
    const inA = await addLead({ pipeline_id: pipeline.id, status_id: a.id });

    await api().delete(`${PIPELINES}/${pipeline.id}/statuses/${b.id}`);
    await api().delete(`${PIPELINES}/${pipeline.id}/statuses/${a.id}`);

    const leads = await leadsOf(pipeline.id);
    expect(leads.find((l) => l.id === inB)?.status_id).toBe(c.id);
    expect(leads.find((l) => l.id === inA)?.status_id).toBe(c.id);
  });

  test("when no regular status is left, leads of a deleted status go to incoming leads", async () => {
    const pipeline = await api().createPipeline({ _embedded: { statuses: [{ name: "Only", sort: 10 }] } });
    const [incoming, only] = await api().statuses(pipeline.id);
    const lead = await addLead({ pipeline_id: pipeline.id, status_id: only.id });

    await api().delete(`${PIPELINES}/${pipeline.id}/statuses/${only.id}`);

    expect((await leadsOf(pipeline.id)).find((l) => l.id === lead)?.status_id).toBe(incoming.id);
  });

  test("deleting a status that does not exist answers 400 NotSupportedChoice at status_id", async () => {
    const main = await api().mainPipeline();
    const status = main._embedded.statuses[1];
    expect((await api().delete(`${PIPELINES}/${main.id}/statuses/${status.id}`)).status).toBe(204);

    const again = await api().delete(`${PIPELINES}/${main.id}/statuses/${status.id}`);

    expect(again.status).toBe(400);
    expect(again.contentType).toBe(PROBLEM_JSON);
    expect(again.json).toEqual({
      "validation-errors": [
        {
          request_id: "0",
          errors: [
            { code: "NotSupportedChoice", path: "status_id", detail: "The value you selected is not a valid choice." },
          ],
        },
      ],
      title: "Bad Request",
      type: "https://httpstatus.es/400",
      status: 400,
      detail: "Request validation failed",
    });
  });

  test("deleting a pipeline that does not exist answers 400 NotSupportedChoice at id", async () => {
    const extra = await api().createPipeline();
    await api().delete(`${PIPELINES}/${extra.id}`);

    const again = await api().delete(`${PIPELINES}/${extra.id}`);

    expect(again.status).toBe(400);
    expect(again.json["validation-errors"][0].errors[0]).toMatchObject({ code: "NotSupportedChoice", path: "id" });
  });

  test("reading a missing pipeline or status is a 404 problem", async () => {
    const main = await api().mainPipeline();

    const pipeline = await api().get(`${PIPELINES}/9999999`);
    const status = await api().get(`${PIPELINES}/${main.id}/statuses/99999999`);
    const statusesOfMissing = await api().get(`${PIPELINES}/9999999/statuses`);

    expect(pipeline.status).toBe(404);
    expect(pipeline.json).toEqual({
      title: "Not Found",
      type: "https://httpstatus.es/404",
      status: 404,
      detail: "Pipeline not found",
    });
    expect(status.status).toBe(404);
    expect(status.contentType).toBe(PROBLEM_JSON);
    expect(status.json.detail).toBe("Status not found");
    expect(statusesOfMissing.status).toBe(404);
  });

  test("editing a missing pipeline or status is a 404 problem", async () => {
    const main = await api().mainPipeline();

    expect((await api().patch(`${PIPELINES}/9999999`, { name: "X" })).status).toBe(404);
    expect((await api().patch(`${PIPELINES}/${main.id}/statuses/99999999`, { name: "X" })).status).toBe(404);
  });
});
