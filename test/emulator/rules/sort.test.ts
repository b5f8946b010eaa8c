import { useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("status sort renumbering", () => {
  const api = useApi();

  async function board(pipelineId: number): Promise<Array<[string, number]>> {
    return (await api().statuses(pipelineId)).map((s) => [s.name, s.sort]);
  }

  async function pipelineWith(names: string[]): Promise<number> {
    const pipeline = await api().createPipeline({
      _embedded: { statuses: names.map((name, i) => ({ name, sort: 10 * (i + 1) })) },
    });
    return pipeline.id;
  }

  test("statuses added after ones ending at 50 with sort 100 and 200 come back as 60 and 70", async () => {
    const main = await api().mainPipeline();

    const response = await api().post(`${PIPELINES}/${main.id}/statuses`, [
      { name: "New status", sort: 100 },
      { name: "New status 2", sort: 200 },
    ]);

    expect(response.json._embedded.statuses.map((s: { sort: number }) => s.sort)).toEqual([60, 70]);
  });

  test("a lone status sent with sort 10 comes back as 20, after the incoming status", async () => {
    const pipeline = await api().createPipeline({ _embedded: { statuses: [{ name: "Initial contact", sort: 10 }] } });

    expect(await board(pipeline.id)).toEqual([
      ["Incoming leads", 10],
      ["Initial contact", 20],
      ["Closed - won", 10000],
      ["Closed - lost", 11000],
    ]);
  });

  test("a status added with a small sort goes first and pushes the others down by 10", async () => {
    const id = await pipelineWith(["A", "B"]);

    await api().post(`${PIPELINES}/${id}/statuses`, [{ name: "First", sort: 0 }]);

    expect((await board(id)).slice(1, 4)).toEqual([
      ["First", 20],
      ["A", 30],
      ["B", 40],
    ]);
  });

  test("on an equal sort the status already in place comes first", async () => {
    const id = await pipelineWith(["A", "B"]);

    await api().post(`${PIPELINES}/${id}/statuses`, [{ name: "Tie", sort: 20 }]);

    expect((await board(id)).slice(1, 4).map(([name]) => name)).toEqual(["A", "Tie", "B"]);
  });

  test("new statuses with the same sort keep the order of the request", async () => {
    const id = await pipelineWith(["A"]);

    await api().post(`${PIPELINES}/${id}/statuses`, [
      { name: "One", sort: 5 },
      { name: "Two", sort: 5 },
      { name: "Three", sort: 5 },
    ]);

    expect((await board(id)).slice(1, 5)).toEqual([
      ["One", 20],
      ["Two", 30],
      ["Three", 40],
      ["A", 50],
    ]);
  });

  test("PATCH sort moves a status and renumbers the board", async () => {
    const id = await pipelineWith(["A", "B", "C"]);
    const c = (await api().statuses(id)).find((s) => s.name === "C");

    const moved = await api().patch(`${PIPELINES}/${id}/statuses/${c.id}`, { sort: 0 });
    const down = await api().patch(`${PIPELINES}/${id}/statuses/${c.id}`, { sort: 30 });

    expect(moved.json.sort).toBe(20);
    expect(down.json.sort).toBe(30);
    expect((await board(id)).slice(1, 4)).toEqual([
      ["A", 20],
      ["C", 30],
      ["B", 40],
    ]);
  });

  test("deleting a status closes the gap", async () => {
    const id = await pipelineWith(["A", "B", "C"]);
    const a = (await api().statuses(id)).find((s) => s.name === "A");

    await api().delete(`${PIPELINES}/${id}/statuses/${a.id}`);

    expect((await board(id)).slice(1, 3)).toEqual([
      ["B", 20],
      ["C", 30],
    ]);
  });

  test("system statuses keep 10, 10000 and 11000 whatever the regular statuses ask for", async () => {
    const id = await pipelineWith(["Mid"]);

    await api().post(`${PIPELINES}/${id}/statuses`, [
      { name: "Huge", sort: 20000 },
      { name: "Zero", sort: 0 },
    ]);

    expect(await board(id)).toEqual([
      ["Incoming leads", 10],
      ["Zero", 20],
      ["Mid", 30],
      ["Huge", 40],
      ["Closed - won", 10000],
      ["Closed - lost", 11000],
    ]);
  });
});
