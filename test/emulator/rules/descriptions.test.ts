import { useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

interface Description {
  id: number;
  level: string;
  description: string;
}

describe("status descriptions", () => {
  const api = useApi();

  async function createStatus(
    descriptions: unknown[],
  ): Promise<{ path: string; id: number; response: { status: number; json: any } }> {
    const main = await api().mainPipeline();
    const path = `${PIPELINES}/${main.id}/statuses`;
    const response = await api().post(path, [{ name: "Described", sort: 100, descriptions }]);
    return { path, id: response.json?._embedded?.statuses?.[0]?.id, response };
  }

  async function descriptionsOf(path: string, id: number): Promise<Description[]> {
    return (await api().get(`${path}/${id}?with=descriptions`)).json.descriptions;
  }

  test("descriptions appear only with ?with=descriptions, on single and list reads", async () => {
    const { path, id } = await createStatus([{ level: "newbie", description: "Start here" }]);

    const plain = await api().get(`${path}/${id}`);
    const plainList = await api().get(path);
    const withSingle = await api().get(`${path}/${id}?with=descriptions`);
    const withList = await api().get(`${path}?with=descriptions`);

    expect(plain.json).not.toHaveProperty("descriptions");
    expect(plainList.json._embedded.statuses.some((s: object) => "descriptions" in s)).toBe(false);
    expect(Object.keys(withSingle.json.descriptions[0]).sort()).toEqual([
      "account_id",
      "created_at",
      "created_by",
      "description",
      "id",
      "level",
      "pipeline_id",
      "status_id",
      "updated_at",
      "updated_by",
    ]);
    expect(withSingle.json.descriptions[0]).toMatchObject({
      level: "newbie",
      description: "Start here",
      status_id: id,
    });
    expect(
      withList.json._embedded.statuses.every((s: { descriptions: unknown }) => Array.isArray(s.descriptions)),
    ).toBe(true);
  });

  test("the reference's example creates one description per level", async () => {
    const { path, id } = await createStatus([
      { level: "newbie", description: "Status for new" },
      { level: "candidate", description: "Status for candidate" },
      { level: "master", description: "Status for master" },
    ]);

    expect((await descriptionsOf(path, id)).map((d) => [d.level, d.description])).toEqual([
      ["newbie", "Status for new"],
      ["candidate", "Status for candidate"],
      ["master", "Status for master"],
    ]);
  });

  test("at most 3 descriptions", async () => {
    const { response } = await createStatus([
      { level: "newbie", description: "a" },
      { level: "candidate", description: "b" },
      { level: "master", description: "c" },
      { level: "master", description: "d" },
    ]);

    expect(response.status).toBe(400);
    expect(response.json["validation-errors"][0].errors[0]).toMatchObject({ code: "TooMany", path: "descriptions" });
  });

  test("one description per level", async () => {
    const { response } = await createStatus([
      { level: "newbie", description: "a" },
      { level: "newbie", description: "b" },
    ]);

    expect(response.status).toBe(400);
    expect(response.json["validation-errors"][0].errors[0]).toMatchObject({
      code: "NotUnique",
      path: "descriptions.1.level",
    });
  });

  test("only the levels newbie, candidate and master exist", async () => {
    const { response } = await createStatus([{ level: "expert", description: "a" }]);

    expect(response.status).toBe(400);
    expect(response.json["validation-errors"][0].errors[0]).toMatchObject({
      code: "NotSupportedChoice",
      path: "descriptions.0.level",
    });
  });

  test("at most 1000 characters, counted as characters: 1000 emoji fit, 1001 letters do not", async () => {
    const emoji = await createStatus([{ level: "newbie", description: "😀".repeat(1000) }]);
    const tooLong = await createStatus([{ level: "newbie", description: "a".repeat(1001) }]);

    expect(emoji.response.status).toBe(200);
    expect((await descriptionsOf(emoji.path, emoji.id))[0]?.description).toBe("😀".repeat(1000));
    expect(tooLong.response.status).toBe(400);
    expect(tooLong.response.json["validation-errors"][0].errors[0]).toMatchObject({
      code: "TooLong",
      path: "descriptions.0.description",
    });
  });

  test("PATCH with id + level + description updates that description in place", async () => {
    const { path, id } = await createStatus([{ level: "newbie", description: "old" }]);
    const [existing] = await descriptionsOf(path, id);

    const response = await api().patch(`${path}/${id}`, {
      descriptions: [{ id: existing!.id, level: "newbie", description: "new" }],
    });

    expect(response.status).toBe(200);
    expect(await descriptionsOf(path, id)).toMatchObject([{ id: existing!.id, level: "newbie", description: "new" }]);
  });

  test("PATCH with an item without id creates a description", async () => {
    const { path, id } = await createStatus([{ level: "newbie", description: "a" }]);

    await api().patch(`${path}/${id}`, { descriptions: [{ level: "master", description: "m" }] });

    expect((await descriptionsOf(path, id)).map((d) => d.level)).toEqual(["newbie", "master"]);
  });

  test("PATCH with id + level and no description deletes it", async () => {
    const { path, id } = await createStatus([
      { level: "newbie", description: "a" },
      { level: "master", description: "m" },
    ]);
    const [newbie] = await descriptionsOf(path, id);

    await api().patch(`${path}/${id}`, { descriptions: [{ id: newbie!.id, level: "newbie" }] });

    expect((await descriptionsOf(path, id)).map((d) => d.level)).toEqual(["master"]);
  });

  test("PATCH may not add a second description for a level, nor name an unknown id", async () => {
    const { path, id } = await createStatus([{ level: "newbie", description: "a" }]);

    const duplicate = await api().patch(`${path}/${id}`, { descriptions: [{ level: "newbie", description: "b" }] });
    const unknown = await api().patch(`${path}/${id}`, {
      descriptions: [{ id: 1, level: "newbie", description: "b" }],
    });

    expect(duplicate.status).toBe(400);
    expect(duplicate.json["validation-errors"][0].errors[0]).toMatchObject({
      code: "NotUnique",
      path: "descriptions.0.level",
    });
    expect(unknown.json["validation-errors"][0].errors[0]).toMatchObject({
      code: "NotSupportedChoice",
      path: "descriptions.0.id",
    });
    expect((await descriptionsOf(path, id)).map((d) => d.description)).toEqual(["a"]);
  });
});
