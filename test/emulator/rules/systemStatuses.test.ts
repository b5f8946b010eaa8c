import { HAL_JSON, PROBLEM_JSON, useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("system statuses", () => {
  const api = useApi();

  test("every pipeline has incoming leads, 142 and 143 with the reference's fixed values", async () => {
    const created = await api().createPipeline({ _embedded: { statuses: [{ name: "Work", sort: 10 }] } });
    for (const pipeline of [await api().mainPipeline(), created]) {
      const statuses = await api().statuses(pipeline.id);
      const incoming = statuses.find((s) => s.type === 1);
      expect(incoming).toMatchObject({ name: "Incoming leads", sort: 10, is_editable: false, color: "#c1c1c1" });
      expect(statuses.find((s) => s.id === 142)).toMatchObject({
        name: "Closed - won",
        sort: 10000,
        is_editable: false,
        color: "#CCFF66",
        type: 0,
      });
      expect(statuses.find((s) => s.id === 143)).toMatchObject({
        name: "Closed - lost",
        sort: 11000,
        is_editable: false,
        color: "#D5D8DB",
        type: 0,
      });
      expect(statuses.filter((s) => s.type === 1)).toHaveLength(1);
    }
  });

  test("142 and 143 have the same ids in every pipeline; the pipeline tells them apart", async () => {
    const main = await api().mainPipeline();
    const other = await api().createPipeline();

    const inMain = await api().get(`${PIPELINES}/${main.id}/statuses/142`);
    const inOther = await api().get(`${PIPELINES}/${other.id}/statuses/142`);

    expect(inMain.json).toMatchObject({ id: 142, pipeline_id: main.id });
    expect(inOther.json).toMatchObject({ id: 142, pipeline_id: other.id });
    expect((await api().get(`${PIPELINES}/${other.id}/statuses/143`)).json.pipeline_id).toBe(other.id);
  });

  test("the names of 142 and 143 can be given when the pipeline is created", async () => {
    const pipeline = await api().createPipeline({
      _embedded: {
        statuses: [
          { id: 142, name: "Paid" },
          { id: 143, name: "Gone" },
          { name: "Work", sort: 10 },
        ],
      },
    });

    const statuses = await api().statuses(pipeline.id);

    expect(statuses.find((s) => s.id === 142)?.name).toBe("Paid");
    expect(statuses.find((s) => s.id === 143)?.name).toBe("Gone");
  });

  test("no system status can be edited afterwards: 400 NotSupportedChoice at status_id", async () => {
    const main = await api().mainPipeline();
    const incoming = main._embedded.statuses.find((s: { type: number }) => s.type === 1);
    for (const id of [incoming.id, 142, 143]) {
      const response = await api().patch(`${PIPELINES}/${main.id}/statuses/${id}`, { name: "Renamed" });

      expect(response.status).toBe(400);
      expect(response.contentType).toBe(PROBLEM_JSON);
      expect(response.json["validation-errors"][0].errors[0]).toMatchObject({
        code: "NotSupportedChoice",
        path: "status_id",
      });
    }
    const names = (await api().statuses(main.id)).map((s) => s.name);
    expect(names).not.toContain("Renamed");
  });

  test("no system status can be deleted: 400 NotSupportedChoice at status_id, and it stays", async () => {
    const main = await api().mainPipeline();
    const incoming = main._embedded.statuses.find((s: { type: number }) => s.type === 1);
    for (const id of [incoming.id, 142, 143]) {
      const response = await api().delete(`${PIPELINES}/${main.id}/statuses/${id}`);

      expect(response.status).toBe(400);
      expect(response.json["validation-errors"][0].errors[0]).toMatchObject({
        code: "NotSupportedChoice",
        path: "status_id",
      });
      expect((await api().get(`${PIPELINES}/${main.id}/statuses/${id}`)).status).toBe(200);
    }
  });

  test("_embedded.statuses is ignored on pipeline PATCH: no rename of 142, no new status", async () => {
    const pipeline = await api().createPipeline();
    const before = await api().statuses(pipeline.id);

    const response = await api().patch(`${PIPELINES}/${pipeline.id}`, {
      name: "Renamed pipeline",
      _embedded: {
        statuses: [
          { id: 142, name: "Paid" },
          { name: "New", sort: 10 },
        ],
      },
    });

    expect(response.status).toBe(200);
    expect(response.json.name).toBe("Renamed pipeline");
    expect(await api().statuses(pipeline.id)).toEqual(before);
  });

  test("a PATCH carrying only _embedded passes no parameter and is refused", async () => {
    const pipeline = await api().createPipeline();

    const response = await api().patch(`${PIPELINES}/${pipeline.id}`, {
      _embedded: { statuses: [{ id: 142, name: "Paid" }] },
    });

    expect(response.status).toBe(400);
    expect(response.contentType).toBe(PROBLEM_JSON);
  });

  test("regular statuses in _embedded.statuses are created with the pipeline, renumbered from 20", async () => {
    const pipeline = await api().createPipeline({
      _embedded: {
        statuses: [
          { name: "B", sort: 500, color: "#fffeb2" },
          { name: "A", sort: 10 },
        ],
      },
    });

    const regular = pipeline._embedded.statuses.filter((s: { is_editable: boolean }) => s.is_editable);

    expect(regular.map((s: { name: string; sort: number }) => [s.name, s.sort])).toEqual([
      ["A", 20],
      ["B", 30],
    ]);
  });

  test("an id other than 142 or 143 in _embedded.statuses is not a valid choice", async () => {
    const response = await api().post(PIPELINES, [
      {
        name: "X",
        sort: 1,
        is_main: false,
        is_unsorted_on: true,
        _embedded: { statuses: [{ id: 58141807, name: "Steal" }] },
      },
    ]);

    expect(response.status).toBe(400);
    expect(response.json["validation-errors"]).toEqual([
      {
        request_id: "0",
        errors: [
          {
            code: "NotSupportedChoice",
            path: "_embedded.statuses.0.id",
            detail: "The value you selected is not a valid choice.",
          },
        ],
      },
    ]);
  });

  test("with is_unsorted_on false the incoming status is hidden, and comes back with its id when switched on", async () => {
    const pipeline = await api().createPipeline({ is_unsorted_on: false });
    const hidden = await api().statuses(pipeline.id);
    expect(hidden.some((s) => s.type === 1)).toBe(false);

    const switched = await api().patch(`${PIPELINES}/${pipeline.id}`, { is_unsorted_on: true });

    expect(switched.contentType).toBe(HAL_JSON);
    const incoming = switched.json._embedded.statuses.find((s: { type: number }) => s.type === 1);
    expect(incoming).toMatchObject({ sort: 10 });
    await api().patch(`${PIPELINES}/${pipeline.id}`, { is_unsorted_on: false });
    expect((await api().get(`${PIPELINES}/${pipeline.id}/statuses/${incoming.id}`)).status).toBe(404);
    await api().patch(`${PIPELINES}/${pipeline.id}`, { is_unsorted_on: true });
    expect((await api().get(`${PIPELINES}/${pipeline.id}/statuses/${incoming.id}`)).json.id).toBe(incoming.id);
  });
});
