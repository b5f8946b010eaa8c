import { PROBLEM_JSON, useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

const PALETTE = [
  "#fffeb2",
  "#fffd7f",
  "#fff000",
  "#ffeab2",
  "#ffdc7f",
  "#ffce5a",
  "#ffdbdb",
  "#ffc8c8",
  "#ff8f92",
  "#d6eaff",
  "#c1e0ff",
  "#98cbff",
  "#ebffb1",
  "#deff81",
  "#87f2c0",
  "#f9deff",
  "#f3beff",
  "#ccc8f9",
  "#eb93ff",
  "#f2f3f4",
  "#e6e8ea",
];

describe("values", () => {
  const api = useApi();

  async function statusesPath(): Promise<string> {
    return `${PIPELINES}/${(await api().mainPipeline()).id}/statuses`;
  }

  test("all 21 palette colours are accepted", async () => {
    const response = await api().post(
      await statusesPath(),
      PALETTE.map((color, i) => ({ name: `C${i}`, sort: 100 + i, color })),
    );

    expect(response.status).toBe(200);
    expect(response.json._embedded.statuses.map((s: { color: string }) => s.color)).toEqual(PALETTE);
  });

  test("a colour outside the palette, or the palette in capitals, is not a valid choice", async () => {
    for (const color of ["#123456", "#FFFEB2", "#99ccff", "red"]) {
      const response = await api().post(await statusesPath(), [{ name: "X", sort: 100, color }]);

      expect(response.status).toBe(400);
      expect(response.json["validation-errors"]).toEqual([
        {
          request_id: "0",
          errors: [
            { code: "NotSupportedChoice", path: "color", detail: "The value you selected is not a valid choice." },
          ],
        },
      ]);
    }
  });

  test("a status created without a colour gets the server's default, which may lie outside the palette", async () => {
    const response = await api().post(await statusesPath(), [{ name: "X", sort: 100 }]);

    expect(response.json._embedded.statuses[0].color).toBe("#99ccff");
  });

  test("name and sort are mandatory on status create", async () => {
    const response = await api().post(await statusesPath(), [{ color: "#fffeb2" }]);

    expect(response.status).toBe(400);
    expect(response.contentType).toBe(PROBLEM_JSON);
    expect(response.json).toMatchObject({
      title: "Bad Request",
      type: "https://httpstatus.es/400",
      status: 400,
      detail: "Request validation failed",
    });
    expect(
      response.json["validation-errors"][0].errors.map((e: { code: string; path: string }) => [e.code, e.path]),
    ).toEqual([
      ["NotBlank", "name"],
      ["NotBlank", "sort"],
    ]);
  });

  test("name, sort, is_main and is_unsorted_on are mandatory on pipeline create, and so is a regular status", async () => {
    const response = await api().post(PIPELINES, [{}]);

    expect(response.status).toBe(400);
    expect(response.json["validation-errors"][0].errors.map((e: { path: string }) => e.path)).toEqual([
      "name",
      "sort",
      "is_main",
      "is_unsorted_on",
      "_embedded.statuses",
    ]);
  });

  test("types are strict: no numeric strings, no string booleans, no fractions", async () => {
    const response = await api().post(PIPELINES, [
      {
        name: 5,
        sort: "10",
        is_main: "true",
        is_unsorted_on: 1,
        _embedded: { statuses: [{ name: "Work", sort: 10 }] },
      },
    ]);
    const fraction = await api().post(await statusesPath(), [{ name: "X", sort: 10.5 }]);

    expect(response.status).toBe(400);
    expect(response.json["validation-errors"][0].errors).toEqual([
      { code: "InvalidType", path: "name", detail: "This value should be of type string." },
      { code: "InvalidType", path: "sort", detail: "This value should be of type int." },
      { code: "InvalidType", path: "is_main", detail: "This value should be of type bool." },
      { code: "InvalidType", path: "is_unsorted_on", detail: "This value should be of type bool." },
    ]);
    expect(fraction.json["validation-errors"][0].errors[0]).toMatchObject({ code: "InvalidType", path: "sort" });
  });

  test("names must not be blank nor longer than 255 characters", async () => {
    const path = await statusesPath();
    const blank = await api().post(path, [{ name: "   ", sort: 1 }]);
    const long = await api().post(path, [{ name: "x".repeat(256), sort: 1 }]);
    const longest = await api().post(path, [{ name: "x".repeat(255), sort: 1 }]);

    expect(blank.json["validation-errors"][0].errors[0]).toMatchObject({ code: "NotBlank", path: "name" });
    expect(long.json["validation-errors"][0].errors[0]).toMatchObject({ code: "TooLong", path: "name" });
    expect(longest.status).toBe(200);
  });

  test("validation-errors are keyed by request_id, items without one by their place; nothing is written", async () => {
    const path = await statusesPath();
    const before = await api().get(path);

    const response = await api().post(path, [
      { name: "fine", sort: 1 },
      { name: "bad", sort: -1, request_id: "abc" },
      { sort: 3 },
    ]);

    expect(response.status).toBe(400);
    expect(response.json["validation-errors"].map((e: { request_id: string }) => e.request_id)).toEqual(["abc", "2"]);
    expect((await api().get(path)).json).toEqual(before.json);
  });

  test("request_id is echoed on every added item: as sent, or its place in the request", async () => {
    const pipelines = await api().post(PIPELINES, [
      {
        name: "A",
        sort: 1,
        is_main: false,
        is_unsorted_on: true,
        _embedded: { statuses: [{ name: "Work", sort: 10 }] },
      },
      {
        name: "B",
        sort: 2,
        is_main: false,
        is_unsorted_on: true,
        request_id: "mine",
        _embedded: { statuses: [{ name: "Work", sort: 10 }] },
      },
    ]);
    const statuses = await api().post(await statusesPath(), [
      { name: "S", sort: 1, request_id: "s-1" },
      { name: "T", sort: 2 },
    ]);

    expect(pipelines.json._embedded.pipelines.map((p: { request_id: string }) => p.request_id)).toEqual(["0", "mine"]);
    expect(statuses.json._embedded.statuses.map((s: { request_id: string }) => s.request_id)).toEqual(["s-1", "1"]);
  });

  test("a request_id that is not a string is a type error", async () => {
    const response = await api().post(await statusesPath(), [{ name: "S", sort: 1, request_id: 7 }]);

    expect(response.json["validation-errors"]).toEqual([
      {
        request_id: "0",
        errors: [{ code: "InvalidType", path: "request_id", detail: "This value should be of type string." }],
      },
    ]);
  });

  test('edits echo request_id "0", or the one sent', async () => {
    const main = await api().mainPipeline();
    const status = main._embedded.statuses[1];

    const plain = await api().patch(`${PIPELINES}/${main.id}`, { name: "Renamed" });
    const tagged = await api().patch(`${PIPELINES}/${main.id}/statuses/${status.id}`, {
      name: "Renamed",
      request_id: "r",
    });

    expect(plain.json.request_id).toBe("0");
    expect(tagged.json.request_id).toBe("r");
  });

  test("an edit must pass at least one parameter", async () => {
    const main = await api().mainPipeline();
    const status = main._embedded.statuses[1];

    const pipeline = await api().patch(`${PIPELINES}/${main.id}`, {});
    const statusEdit = await api().patch(`${PIPELINES}/${main.id}/statuses/${status.id}`, { request_id: "0" });

    expect(pipeline.status).toBe(400);
    expect(pipeline.contentType).toBe(PROBLEM_JSON);
    expect(statusEdit.status).toBe(400);
  });

  test("is_archive is read-only: it is always false and sending it changes nothing", async () => {
    const created = await api().createPipeline({ is_archive: true });
    const edited = await api().patch(`${PIPELINES}/${created.id}`, { name: "Y", is_archive: true });

    expect(created.is_archive).toBe(false);
    expect(edited.json.is_archive).toBe(false);
  });

  test("pipeline sort comes back as sent", async () => {
    const created = await api().createPipeline({ sort: 12345 });
    const edited = await api().patch(`${PIPELINES}/${created.id}`, { sort: 7 });

    expect(created.sort).toBe(12345);
    expect(edited.json.sort).toBe(7);
  });
});
