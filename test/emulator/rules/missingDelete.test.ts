import { PROBLEM_JSON, useApi, type ApiResponse } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("deleteMissing: deleting a pipeline or status that is already gone", () => {
  const api = useApi();

  /** Deletes a status and a pipeline, then deletes each again. */
  async function deleteTwice(): Promise<{ status: ApiResponse; pipeline: ApiResponse }> {
    const extra = await api().createPipeline({
      _embedded: {
        statuses: [
          { name: "A", sort: 10 },
          { name: "B", sort: 20 },
        ],
      },
    });
    const target = extra._embedded.statuses.find((s: { name: string }) => s.name === "A");
    const statusPath = `${PIPELINES}/${extra.id}/statuses/${target.id}`;
    expect((await api().delete(statusPath)).status).toBe(204);
    const status = await api().delete(statusPath);
    expect((await api().delete(`${PIPELINES}/${extra.id}`)).status).toBe(204);
    const pipeline = await api().delete(`${PIPELINES}/${extra.id}`);
    return { status, pipeline };
  }

  function choiceError(path: string) {
    return {
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
    };
  }

  test("400-choice (the default): 400 NotSupportedChoice at status_id, or at id for a pipeline", async () => {
    const { status, pipeline } = await deleteTwice();

    expect(status.status).toBe(400);
    expect(status.json).toEqual(choiceError("status_id"));
    expect(pipeline.status).toBe(400);
    expect(pipeline.json).toEqual(choiceError("id"));
  });

  test("404: the not-found problem a GET of the same object answers", async () => {
    await api().behaviour({ deleteMissing: "404" });

    const { status, pipeline } = await deleteTwice();

    expect(status.status).toBe(404);
    expect(status.contentType).toBe(PROBLEM_JSON);
    expect(status.json).toEqual({
      title: "Not Found",
      type: "https://httpstatus.es/404",
      status: 404,
      detail: "Status not found",
    });
    expect(pipeline.status).toBe(404);
    expect(pipeline.json).toEqual({
      title: "Not Found",
      type: "https://httpstatus.es/404",
      status: 404,
      detail: "Pipeline not found",
    });
  });

  test("400-other: a plain 400 problem with no validation-errors, for both", async () => {
    await api().behaviour({ deleteMissing: "400-other" });

    const { status, pipeline } = await deleteTwice();

    const plain = {
      title: "Bad Request",
      type: "https://httpstatus.es/400",
      status: 400,
      detail: "Invalid data given",
    };
    expect(status.status).toBe(400);
    expect(status.contentType).toBe(PROBLEM_JSON);
    expect(status.json).toEqual(plain);
    expect(pipeline.status).toBe(400);
    expect(pipeline.json).toEqual(plain);
  });

  test("under every mode a status under a missing pipeline is still the 404 Pipeline not found", async () => {
    for (const mode of ["404", "400-choice", "400-other"]) {
      await api().behaviour({ deleteMissing: mode });

      const response = await api().delete(`${PIPELINES}/9999999/statuses/99999999`);

      expect([mode, response.status, response.json.detail]).toEqual([mode, 404, "Pipeline not found"]);
    }
  });
});
