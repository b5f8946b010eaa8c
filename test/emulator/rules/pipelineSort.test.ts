import { useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("pipelineSort", () => {
  const api = useApi();

  /** Every pipeline as [name, sort], in list order. */
  async function pipelines(): Promise<Array<[string, number]>> {
    return (await api().get(PIPELINES)).json._embedded.pipelines.map((p: { name: string; sort: number }) => [
      p.name,
      p.sort,
    ]);
  }

  test("kept (the default): a pipeline's sort is stored and answered as sent, the main one's too", async () => {
    const created = await api().createPipeline({ name: "Extra", sort: 20 });
    const patched = await api().patch(`${PIPELINES}/${created.id}`, { sort: 100 });
    const main = await api().mainPipeline();
    const mainPatched = await api().patch(`${PIPELINES}/${main.id}`, { sort: 7 });

    expect(created.sort).toBe(20);
    expect(patched.json.sort).toBe(100);
    expect(mainPatched.json.sort).toBe(7);
    expect(await pipelines()).toEqual([
      ["Pipeline", 7],
      ["Extra", 100],
    ]);
  });

  describe("renumbered", () => {
    beforeEach(async () => {
      await api().behaviour({ pipelineSort: "renumbered" });
    });

    test("a create answers Kommo's number: the main pipeline is 1, the others 1000, 2000, ... by requested sort", async () => {
      const first = await api().createPipeline({ name: "First", sort: 20 });
      const before = await api().createPipeline({ name: "Before", sort: 5 });

      expect(first.sort).toBe(1000);
      expect(before.sort).toBe(1000);
      expect(await pipelines()).toEqual([
        ["Pipeline", 1],
        ["Before", 1000],
        ["First", 2000],
      ]);
    });

    test("a PATCH of sort answers Kommo's number, as the Russian reference's 100 → 1000", async () => {
      const a = await api().createPipeline({ name: "A", sort: 10 });
      await api().createPipeline({ name: "B", sort: 20 });

      const moved = await api().patch(`${PIPELINES}/${a.id}`, { sort: 3000 });
      const back = await api().patch(`${PIPELINES}/${a.id}`, { sort: 100 });

      expect(moved.json.sort).toBe(2000);
      expect(back.json.sort).toBe(1000);
      expect(await pipelines()).toEqual([
        ["Pipeline", 1],
        ["A", 1000],
        ["B", 2000],
      ]);
    });

    test("the main pipeline's sort is set automatically: 1 whatever is asked, and a new main pipeline takes it", async () => {
      const main = await api().mainPipeline();
      const asked = await api().patch(`${PIPELINES}/${main.id}`, { sort: 500 });
      const promoted = await api().createPipeline({ name: "New main", sort: 50, is_main: true });

      expect(asked.json.sort).toBe(1);
      expect(promoted.sort).toBe(1);
      expect(await pipelines()).toEqual([
        ["New main", 1],
        ["Pipeline", 1000],
      ]);
    });

    test("a delete closes the gap", async () => {
      const a = await api().createPipeline({ name: "A", sort: 10 });
      await api().createPipeline({ name: "B", sort: 20 });

      expect((await api().delete(`${PIPELINES}/${a.id}`)).status).toBe(204);

      expect(await pipelines()).toEqual([
        ["Pipeline", 1],
        ["B", 1000],
      ]);
    });

    test("pipelines of one batch with equal sorts keep the request order, after the ones in place", async () => {
      await api().createPipeline({ name: "Old", sort: 10 });

      const response = await api().post(
        PIPELINES,
        ["X", "Y"].map((name) => ({
          name,
          sort: 1000,
          is_main: false,
          is_unsorted_on: true,
          _embedded: { statuses: [{ name: "Work", sort: 10 }] },
        })),
      );

      expect(response.json._embedded.pipelines.map((p: { sort: number }) => p.sort)).toEqual([2000, 3000]);
      expect(await pipelines()).toEqual([
        ["Pipeline", 1],
        ["Old", 1000],
        ["X", 2000],
        ["Y", 3000],
      ]);
    });
  });
});
