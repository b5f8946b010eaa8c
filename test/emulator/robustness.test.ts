import { request } from "node:http";
import { PROBLEM_JSON, useApi } from "./harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("robustness: bad requests get a problem+json answer and the server lives on", () => {
  const api = useApi();

  /** Every test ends by checking that the server still answers normally. */
  async function expectAlive(): Promise<void> {
    expect((await api().get(PIPELINES)).status).toBe(200);
  }

  test("malformed JSON is a 400", async () => {
    const response = await api().call("POST", PIPELINES, { rawBody: '[{"name": "x",' });

    expect(response.status).toBe(400);
    expect(response.contentType).toBe(PROBLEM_JSON);
    expect(response.json.detail).toMatch(/not valid JSON/);
    await expectAlive();
  });

  test("an object where an array is expected, and an array where an object is expected, are 400s", async () => {
    const main = await api().mainPipeline();

    const object = await api().post(PIPELINES, { name: "x" });
    const array = await api().patch(`${PIPELINES}/${main.id}`, [{ name: "x" }]);
    const scalar = await api().post(PIPELINES, 42);
    const nullItem = await api().post(PIPELINES, [null]);

    for (const response of [object, array, scalar, nullItem]) {
      expect(response.status).toBe(400);
      expect(response.contentType).toBe(PROBLEM_JSON);
    }
    expect(nullItem.json["validation-errors"][0]).toMatchObject({
      request_id: "0",
      errors: [{ code: "InvalidType", path: "" }],
    });
    await expectAlive();
  });

  test("an empty body or an empty array on a write is a 400", async () => {
    const empty = await api().call("POST", PIPELINES, { rawBody: "", headers: { "content-type": "application/json" } });
    const none = await api().post(PIPELINES, []);

    expect(empty.status).toBe(400);
    expect(none.status).toBe(400);
    expect(none.contentType).toBe(PROBLEM_JSON);
    await expectAlive();
  });

  test("a body that is not sent as application/json is a 415", async () => {
    const response = await api().call("POST", PIPELINES, { rawBody: "[]", headers: { "content-type": "text/plain" } });

    expect(response.status).toBe(415);
    expect(response.contentType).toBe(PROBLEM_JSON);
    await expectAlive();
  });

  test("unknown routes are 404 problems", async () => {
    for (const path of [
      "/",
      "/api/v4/nothing",
      `${PIPELINES}/abc`,
      `${PIPELINES}/`,
      "/api/v4/leads/pipelines/1/statuses/1/x",
    ]) {
      const response = await api().get(path);

      expect(response.status).toBe(404);
      expect(response.contentType).toBe(PROBLEM_JSON);
      expect(response.json).toMatchObject({ title: "Not Found", status: 404 });
    }
    await expectAlive();
  });

  test("a method a route does not have is a 405 problem with Allow", async () => {
    const main = await api().mainPipeline();

    const put = await api().call("PUT", `${PIPELINES}/${main.id}`, { body: { name: "x" } });
    const deleteList = await api().delete(PIPELINES);

    expect(put.status).toBe(405);
    expect(put.contentType).toBe(PROBLEM_JSON);
    expect(put.headers.get("allow")).toBe("GET, PATCH, DELETE");
    expect(deleteList.status).toBe(405);
    await expectAlive();
  });

  test("a body over 1 MiB is a 413", async () => {
    const response = await api().call("POST", PIPELINES, { rawBody: `[${'"x",'.repeat(300000)}"x"]` });

    expect(response.status).toBe(413);
    expect(response.contentType).toBe(PROBLEM_JSON);
    await expectAlive();
  });

  test("deeply nested JSON does not bring the server down", async () => {
    const response = await api().call("POST", PIPELINES, { rawBody: "[".repeat(200000) + "]".repeat(200000) });

    expect([400, 413]).toContain(response.status);
    expect(response.contentType).toBe(PROBLEM_JSON);
    await expectAlive();
  });

  test("a client that hangs up mid-body does not disturb the server", async () => {
    await new Promise<void>((resolve) => {
      const url = new URL(`${api().url}${PIPELINES}`);
      const req = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          authorization: `Bearer ${api().emulator.adminToken}`,
          "content-type": "application/json",
          "content-length": "1000",
        },
      });
      req.on("error", () => resolve());
      req.write("[{");
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });

    await expectAlive();
    const log = (await (await fetch(`${api().url}/_emulator/requests`)).json()) as Array<{
      method: string;
      status: number | null;
    }>;
    expect(log.find((entry) => entry.method === "POST")).toMatchObject({ status: null });
  });

  test("wrong types on every write endpoint are 400 problems and change nothing", async () => {
    const main = await api().mainPipeline();
    const status = main._embedded.statuses.find((s: { is_editable: boolean }) => s.is_editable);
    const statuses = `${PIPELINES}/${main.id}/statuses`;
    const cases: Array<[string, string, unknown]> = [
      ["POST", PIPELINES, [{ name: 1, sort: "1", is_main: "false", is_unsorted_on: 0 }]],
      [
        "POST",
        PIPELINES,
        [{ name: "x", sort: 1.5, is_main: false, is_unsorted_on: true, _embedded: { statuses: "x" } }],
      ],
      ["PATCH", `${PIPELINES}/${main.id}`, { name: ["x"], sort: {} }],
      ["POST", statuses, [{ name: { x: 1 }, sort: null, color: 5 }]],
      ["POST", statuses, [{ name: "x", sort: 1, descriptions: [{ level: 1, description: false }] }]],
      ["PATCH", `${statuses}/${status.id}`, { sort: "20" }],
      ["PATCH", `${statuses}/${status.id}`, { descriptions: "none" }],
      ["POST", "/api/v4/leads", [{ price: "5", pipeline_id: "x" }]],
      ["PATCH", "/api/v4/leads", [{ id: "1" }]],
    ];
    const before = await api().state();

    for (const [method, path, body] of cases) {
      const response = await api().call(method, path, { body });

      expect({ method, path, status: response.status, type: response.contentType }).toEqual({
        method,
        path,
        status: 400,
        type: PROBLEM_JSON,
      });
      expect(response.json).toMatchObject({ status: 400, title: "Bad Request" });
    }
    expect(await api().state()).toEqual(before);
  });

  test("a 10 MiB chunked body is a 413 and the server lives on", async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const response = await new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      const url = new URL(`${api().url}${PIPELINES}`);
      const req = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          authorization: `Bearer ${api().emulator.adminToken}`,
          "content-type": "application/json",
          "transfer-encoding": "chunked",
        },
      });
      req.on("response", (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] });
      });
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write(chunk);
      req.end();
    });

    expect(response).toEqual({ status: 413, type: PROBLEM_JSON });
    await expectAlive();
  });
});
