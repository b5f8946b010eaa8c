import { useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

const pipelineItem = (name: string) => ({
  name,
  sort: 100,
  is_main: false,
  is_unsorted_on: true,
  _embedded: { statuses: [{ name: "Work", sort: 10 }] },
});

describe("failedBatch: a batch create with a bad item", () => {
  const api = useApi();

  async function statusNames(pipelineId: number): Promise<string[]> {
    return (await api().statuses(pipelineId)).filter((s) => s.is_editable).map((s) => s.name);
  }

  async function pipelineNames(): Promise<string[]> {
    return (await api().get(PIPELINES)).json._embedded.pipelines.map((p: { name: string }) => p.name);
  }

  describe("atomic (the default)", () => {
    test("a status batch writes nothing and names the bad items", async () => {
      const pipeline = await api().createPipeline({ _embedded: { statuses: [{ name: "A", sort: 10 }] } });

      const response = await api().post(`${PIPELINES}/${pipeline.id}/statuses`, [
        { name: "Good", sort: 20 },
        { name: "", sort: 30 },
        { name: "Also good", sort: 40 },
        { sort: 50, request_id: "mine" },
      ]);

      expect(response.status).toBe(400);
      expect(response.json["validation-errors"].map((e: { request_id: string }) => e.request_id)).toEqual([
        "1",
        "mine",
      ]);
      expect(await statusNames(pipeline.id)).toEqual(["A"]);
    });

    test("a pipeline batch writes nothing", async () => {
      const response = await api().post(PIPELINES, [
        pipelineItem("P1"),
        { ...pipelineItem("P2"), sort: -1 },
        pipelineItem("P3"),
      ]);

      expect(response.status).toBe(400);
      expect(await pipelineNames()).toEqual(["Pipeline"]);
    });
  });

  describe("partial", () => {
    beforeEach(async () => {
      await api().behaviour({ failedBatch: "partial" });
    });

    test("a status batch writes the items before the first bad one, then answers the same 400", async () => {
      const pipeline = await api().createPipeline({ _embedded: { statuses: [{ name: "A", sort: 10 }] } });

      const response = await api().post(`${PIPELINES}/${pipeline.id}/statuses`, [
        { name: "Good", sort: 20 },
        { name: "", sort: 30 },
        { name: "Also good", sort: 40 },
        { sort: 50, request_id: "mine" },
      ]);

      expect(response.status).toBe(400);
      expect(response.json["validation-errors"].map((e: { request_id: string }) => e.request_id)).toEqual([
        "1",
        "mine",
      ]);
      expect(response.json._embedded).toBeUndefined();
      expect(await statusNames(pipeline.id)).toEqual(["A", "Good"]);
    });

    test("a pipeline batch creates the pipelines before the first bad one", async () => {
      const response = await api().post(PIPELINES, [
        pipelineItem("P1"),
        { ...pipelineItem("P2"), sort: -1 },
        pipelineItem("P3"),
      ]);

      expect(response.status).toBe(400);
      expect(response.json["validation-errors"]).toEqual([
        { request_id: "1", errors: [expect.objectContaining({ code: "OutOfRange", path: "sort" })] },
      ]);
      expect(await pipelineNames()).toEqual(["Pipeline", "P1"]);
    });

    test("when the items before the bad one would cross a limit, nothing is written and the answer is still the 400", async () => {
      expect(
        (
          await api().post(
            PIPELINES,
            Array.from({ length: 48 }, (_, i) => pipelineItem(`Filler ${i}`)),
          )
        ).status,
      ).toBe(200);

      const response = await api().post(PIPELINES, [
        pipelineItem("P1"),
        pipelineItem("P2"),
        { ...pipelineItem("P3"), is_main: "no" },
      ]);

      expect(response.status).toBe(400);
      expect(response.json["validation-errors"].map((e: { request_id: string }) => e.request_id)).toEqual(["2"]);
      expect(await pipelineNames()).toHaveLength(49);
    });

    test("a bad first item writes nothing", async () => {
      const response = await api().post(PIPELINES, [{ ...pipelineItem("P1"), name: 5 }, pipelineItem("P2")]);

      expect(response.status).toBe(400);
      expect(await pipelineNames()).toEqual(["Pipeline"]);
    });
  });
});
