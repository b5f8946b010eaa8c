import { useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("status placement switches", () => {
  const api = useApi();

  /** The regular statuses of a pipeline in board order, as [name, sort]. */
  async function board(pipelineId: number): Promise<Array<[string, number]>> {
    return (await api().statuses(pipelineId)).filter((s) => s.is_editable).map((s) => [s.name, s.sort]);
  }

  async function pipelineWith(statuses: Array<[string, number]>): Promise<number> {
    const pipeline = await api().createPipeline({
      _embedded: { statuses: statuses.map(([name, sort]) => ({ name, sort })) },
    });
    return pipeline.id;
  }

  async function addStatuses(pipelineId: number, statuses: Array<[string, number]>) {
    const response = await api().post(
      `${PIPELINES}/${pipelineId}/statuses`,
      statuses.map(([name, sort]) => ({ name, sort })),
    );
    if (response.status !== 200) throw new Error(`add statuses answered ${response.status}: ${response.text}`);
    return response.json._embedded.statuses.map((s: { name: string; sort: number }) => [s.name, s.sort]);
  }

  describe("statusPlacement", () => {
    test("insert (the default): a created status lands by its requested sort among the current numbers", async () => {
      const id = await pipelineWith([
        ["A", 10],
        ["B", 20],
        ["C", 30],
      ]);

      const answer = await addStatuses(id, [["X", 25]]);

      expect(answer).toEqual([["X", 30]]);
      expect(await board(id)).toEqual([
        ["A", 20],
        ["X", 30],
        ["B", 40],
        ["C", 50],
      ]);
    });

    test("append: a created status lands after every regular status, whatever sort it asked for", async () => {
      await api().behaviour({ statusPlacement: "append" });
      const id = await pipelineWith([
        ["A", 10],
        ["B", 20],
        ["C", 30],
      ]);

      const answer = await addStatuses(id, [
        ["X", 0],
        ["Y", 25],
      ]);

      expect(answer).toEqual([
        ["X", 50],
        ["Y", 60],
      ]);
      expect(await board(id)).toEqual([
        ["A", 20],
        ["B", 30],
        ["C", 40],
        ["X", 50],
        ["Y", 60],
      ]);
    });

    test("append: a new pipeline's statuses land in request order, not by sort", async () => {
      await api().behaviour({ statusPlacement: "append" });

      const id = await pipelineWith([
        ["Third", 30],
        ["First", 10],
        ["Second", 20],
      ]);

      expect(await board(id)).toEqual([
        ["Third", 20],
        ["First", 30],
        ["Second", 40],
      ]);
    });

    test("insert: a new pipeline's statuses are ordered by their requested sort", async () => {
      const id = await pipelineWith([
        ["Third", 30],
        ["First", 10],
        ["Second", 20],
      ]);

      expect(await board(id)).toEqual([
        ["First", 20],
        ["Second", 30],
        ["Third", 40],
      ]);
    });
  });

  describe("batchApply", () => {
    test("whole (the default): every item of a batch is compared with the numbers from before the batch", async () => {
      const id = await pipelineWith([
        ["A", 10],
        ["B", 20],
      ]);

      await addStatuses(id, [
        ["X", 25],
        ["Y", 35],
      ]);

      // Before the batch A is 20 and B 30: X (25) goes between them, Y (35) after B.
      expect(await board(id)).toEqual([
        ["A", 20],
        ["X", 30],
        ["B", 40],
        ["Y", 50],
      ]);
    });

    test("itemwise: each item is compared with the numbers the items before it left", async () => {
      await api().behaviour({ batchApply: "itemwise" });
      const id = await pipelineWith([
        ["A", 10],
        ["B", 20],
      ]);

      const answer = await addStatuses(id, [
        ["X", 25],
        ["Y", 35],
      ]);

      // X (25) goes between A and B, which moves B to 40; then Y (35) goes before B.
      expect(await board(id)).toEqual([
        ["A", 20],
        ["X", 30],
        ["Y", 40],
        ["B", 50],
      ]);
      expect(answer).toEqual([
        ["X", 30],
        ["Y", 40],
      ]);
    });

    test("itemwise applies to a new pipeline's _embedded.statuses too", async () => {
      await api().behaviour({ batchApply: "itemwise" });

      const itemwise = await pipelineWith([
        ["P", 30],
        ["Q", 25],
      ]);
      await api().behaviour({ batchApply: "whole" });
      const whole = await pipelineWith([
        ["P", 30],
        ["Q", 25],
      ]);

      // Item by item P is first numbered 20, and Q's 25 then comes after it; as a whole Q's 25 is below P's 30.
      expect(await board(itemwise)).toEqual([
        ["P", 20],
        ["Q", 30],
      ]);
      expect(await board(whole)).toEqual([
        ["Q", 20],
        ["P", 30],
      ]);
    });
  });

  test("a sort PATCH still moves a status by its requested sort under append and itemwise", async () => {
    await api().behaviour({ statusPlacement: "append", batchApply: "itemwise" });
    const id = await pipelineWith([
      ["A", 10],
      ["B", 20],
      ["C", 30],
    ]);
    const c = (await api().statuses(id)).find((s) => s.name === "C");

    const moved = await api().patch(`${PIPELINES}/${id}/statuses/${c.id}`, { sort: 25 });

    expect(moved.json.sort).toBe(30);
    expect(await board(id)).toEqual([
      ["A", 20],
      ["C", 30],
      ["B", 40],
    ]);
  });
});
