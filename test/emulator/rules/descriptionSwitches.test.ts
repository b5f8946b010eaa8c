import { useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("description switches", () => {
  const api = useApi();

  /** A status with a newbie description; returns its path and the description. */
  async function describedStatus(): Promise<{ path: string; description: any }> {
    const main = await api().mainPipeline();
    const created = await api().post(`${PIPELINES}/${main.id}/statuses`, [
      { name: "Described", sort: 100, descriptions: [{ level: "newbie", description: "Old text" }] },
    ]);
    const path = `${PIPELINES}/${main.id}/statuses/${created.json._embedded.statuses[0].id}`;
    const [description] = (await api().get(`${path}?with=descriptions`)).json.descriptions;
    return { path, description };
  }

  describe("descriptionWithoutId", () => {
    test("refused (the default): a description without id for a level that has one is a 400 NotUnique", async () => {
      const { path, description } = await describedStatus();

      const response = await api().patch(path, { descriptions: [{ level: "newbie", description: "New text" }] });

      expect(response.status).toBe(400);
      expect(response.json["validation-errors"][0].errors).toEqual([
        expect.objectContaining({ code: "NotUnique", path: "descriptions.0.level" }),
      ]);
      expect((await api().get(`${path}?with=descriptions`)).json.descriptions).toEqual([description]);
    });

    test("overwrites: it rewrites that level's description, which keeps its id", async () => {
      await api().behaviour({ descriptionWithoutId: "overwrites" });
      const { path, description } = await describedStatus();

      const response = await api().patch(path, { descriptions: [{ level: "newbie", description: "New text" }] });

      expect(response.status).toBe(200);
      const after = (await api().get(`${path}?with=descriptions`)).json.descriptions;
      expect(after).toEqual([
        { ...description, description: "New text", updated_at: expect.any(String), updated_by: null },
      ]);
    });

    test("overwrites: a level that has none still gets a new description", async () => {
      await api().behaviour({ descriptionWithoutId: "overwrites" });
      const { path, description } = await describedStatus();

      await api().patch(path, { descriptions: [{ level: "master", description: "Expert" }] });

      const after = (await api().get(`${path}?with=descriptions`)).json.descriptions;
      expect(after.map((d: { id: number; level: string }) => [d.id === description.id, d.level])).toEqual([
        [true, "newbie"],
        [false, "master"],
      ]);
    });
  });

  describe("descriptionTimestamps", () => {
    test("unix: created_at and updated_at are Unix seconds, updated_by a user id", async () => {
      await api().behaviour({ descriptionTimestamps: "unix" });
      const before = Math.floor(Date.now() / 1000);
      const { description } = await describedStatus();

      expect(description.created_at).toBeGreaterThanOrEqual(before);
      expect(description.created_at).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      expect(description.updated_at).toBe(description.created_at);
      expect(description.updated_by).toBe(description.created_by);
      expect(typeof description.updated_by).toBe("number");
    });

    test('string (the default): the Russian reference\'s "YYYY-MM-DD HH:MM:SS" strings, in UTC, and updated_by null', async () => {
      const before = Date.now();
      const { path, description } = await describedStatus();
      const listed = (await api().get(`${path.replace(/\/[0-9]+$/, "")}?with=descriptions`)).json._embedded.statuses;

      expect(description.created_at).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$/);
      const written = Date.parse(`${description.created_at.replace(" ", "T")}Z`);
      expect(written).toBeGreaterThan(before - 2000);
      expect(written).toBeLessThanOrEqual(Date.now());
      expect(description.updated_at).toBe(description.created_at);
      expect(description.updated_by).toBeNull();
      expect(typeof description.created_by).toBe("number");
      const inList = listed.find((s: { descriptions: unknown[] }) => s.descriptions.length > 0).descriptions[0];
      expect(inList.created_at).toBe(description.created_at);
    });
  });
});
