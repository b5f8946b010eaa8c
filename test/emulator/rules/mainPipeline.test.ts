import { useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("the main pipeline", () => {
  const api = useApi();

  async function mains(): Promise<number[]> {
    const list = (await api().get(PIPELINES)).json._embedded.pipelines;
    return list.filter((p: { is_main: boolean }) => p.is_main).map((p: { id: number }) => p.id);
  }

  test("creating a pipeline with is_main true demotes the previous main one", async () => {
    const created = await api().createPipeline({ is_main: true });

    expect(created.is_main).toBe(true);
    expect(await mains()).toEqual([created.id]);
  });

  test("PATCH is_main true demotes the previous main one", async () => {
    const created = await api().createPipeline();

    const response = await api().patch(`${PIPELINES}/${created.id}`, { is_main: true });

    expect(response.json.is_main).toBe(true);
    expect(await mains()).toEqual([created.id]);
  });

  test("unsetMain refused (the default): the main pipeline cannot stop being main by itself: 400 at is_main", async () => {
    const main = await api().mainPipeline();
    await api().createPipeline();

    const response = await api().patch(`${PIPELINES}/${main.id}`, { is_main: false });

    expect(response.status).toBe(400);
    expect(response.json["validation-errors"][0].errors[0]).toMatchObject({
      code: "NotSupportedChoice",
      path: "is_main",
    });
    expect(await mains()).toEqual([main.id]);
  });

  describe("unsetMain accepted", () => {
    beforeEach(async () => {
      await api().behaviour({ unsetMain: "accepted" });
    });

    test("is_main false on the main pipeline hands the role to the first other pipeline by (sort, id)", async () => {
      const main = await api().mainPipeline();
      await api().createPipeline({ name: "Later", sort: 300 });
      const heir = await api().createPipeline({ name: "Earlier", sort: 200 });

      const response = await api().patch(`${PIPELINES}/${main.id}`, { is_main: false });

      expect(response.status).toBe(200);
      expect(response.json.is_main).toBe(false);
      expect(await mains()).toEqual([heir.id]);
    });

    test("with no other pipeline to take over it is still refused at is_main", async () => {
      const main = await api().mainPipeline();

      const response = await api().patch(`${PIPELINES}/${main.id}`, { is_main: false });

      expect(response.status).toBe(400);
      expect(response.json["validation-errors"][0].errors[0]).toMatchObject({
        code: "NotSupportedChoice",
        path: "is_main",
      });
      expect(await mains()).toEqual([main.id]);
    });
  });

  test("the main pipeline cannot be deleted until another pipeline is main", async () => {
    const main = await api().mainPipeline();
    const other = await api().createPipeline();

    const refused = await api().delete(`${PIPELINES}/${main.id}`);
    await api().patch(`${PIPELINES}/${other.id}`, { is_main: true });
    const accepted = await api().delete(`${PIPELINES}/${main.id}`);

    expect(refused.status).toBe(400);
    expect(refused.json.detail).toMatch(/main pipeline/);
    expect(accepted.status).toBe(204);
  });

  test("a new account has exactly one main pipeline, the reference's default board", async () => {
    const list = (await api().get(PIPELINES)).json;
    const [main] = list._embedded.pipelines;

    expect(list._total_items).toBe(1);
    expect(main).toMatchObject({ name: "Pipeline", sort: 1, is_main: true, is_unsorted_on: true, is_archive: false });
    expect(main._embedded.statuses.map((s: { name: string }) => s.name)).toEqual([
      "Incoming leads",
      "Initial contact",
      "Discussions",
      "Decision making",
      "Contract discussion",
      "Closed - won",
      "Closed - lost",
    ]);
    expect(String(main.id)).toMatch(/^[0-9]{7}$/);
    expect(String(main._embedded.statuses[0].id)).toMatch(/^[0-9]{8}$/);
    expect(main.account_id).toBe(api().emulator.accountId);
  });
});
