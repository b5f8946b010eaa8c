import { useApi } from "./harness";

const PIPELINES = "/api/v4/leads/pipelines";

describe("control API", () => {
  const api = useApi();

  async function control(method: string, name: string, body?: unknown) {
    const response = await fetch(`${api().url}/_emulator/${name}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text === "" ? undefined : JSON.parse(text) };
  }

  test("GET /_emulator/requests logs method, path, query, status and time; DELETE clears it", async () => {
    await api().get(`${PIPELINES}?with=descriptions`);
    await api().get(PIPELINES, { token: null });

    const log = await control("GET", "requests");

    expect(log.json).toHaveLength(2);
    expect(log.json[0]).toMatchObject({
      method: "GET",
      path: PIPELINES,
      query: { with: "descriptions" },
      status: 200,
      user: "admin",
    });
    expect(new Date(log.json[0].time).getTime()).not.toBeNaN();
    expect(log.json[1]).toMatchObject({ status: 401, user: null });
    expect((await control("DELETE", "requests")).status).toBe(204);
    expect((await control("GET", "requests")).json).toEqual([]);
  });

  test("the log keeps the parsed body of writes", async () => {
    await api().post(PIPELINES, [
      {
        name: "Logged",
        sort: 2,
        is_main: false,
        is_unsorted_on: true,
        _embedded: { statuses: [{ name: "Work", sort: 10 }] },
      },
    ]);

    const [entry] = (await control("GET", "requests")).json;

    expect(entry).toMatchObject({ method: "POST", status: 200, body: [{ name: "Logged" }] });
  });

  test("POST /_emulator/reset gives a fresh account whose ids were never used before", async () => {
    const before = await api().mainPipeline();
    await api().createPipeline({ name: "Temporary" });

    expect((await control("POST", "reset")).status).toBe(204);

    const list = (await api().get(PIPELINES)).json;
    expect(list._total_items).toBe(1);
    expect(list._embedded.pipelines[0].id).not.toBe(before.id);
    expect((await api().get(`${PIPELINES}/${before.id}`)).status).toBe(404);
  });

  test("GET and PATCH /_emulator/config read and change the settings; bad values are refused", async () => {
    const changed = await control("PATCH", "config", { rateLimit: 3, latency: 5 });
    const bad = await control("PATCH", "config", { rateLimit: -1 });
    const unknown = await control("PATCH", "config", { speed: 1 });

    expect(changed.json).toEqual({
      rateLimit: 3,
      latency: 5,
      blockAfter429s: 0,
      paymentRequired: false,
      faults: expect.any(Object),
      behaviour: expect.any(Object),
    });
    expect(bad.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect((await control("GET", "config")).json).toMatchObject({ rateLimit: 3, latency: 5 });
  });

  test("PATCH /_emulator/config merges behaviour field by field", async () => {
    const first = await control("PATCH", "config", { behaviour: { statusPlacement: "append" } });
    const second = await control("PATCH", "config", {
      behaviour: { deleteMissing: "404", pipelineNeedsStatus: false },
    });

    expect(first.status).toBe(200);
    expect(first.json.behaviour).toMatchObject({
      statusPlacement: "append",
      deleteMissing: "400-choice",
      pipelineNeedsStatus: true,
    });
    expect(second.json.behaviour).toMatchObject({
      statusPlacement: "append",
      deleteMissing: "404",
      pipelineNeedsStatus: false,
    });
    expect((await control("GET", "config")).json.behaviour).toEqual(second.json.behaviour);
  });

  test("a bad behaviour or profile is a 400 naming the field, and changes nothing else sent with it", async () => {
    const before = (await control("GET", "config")).json;

    const cases = [
      [
        { rateLimit: 3, behaviour: { statusPlacement: "middle" } },
        "behaviour.statusPlacement must be one of insert, append",
      ],
      [
        { latency: 9, behaviour: { batchApply: "itemwise", failedBatch: "sometimes" } },
        "behaviour.failedBatch must be one of atomic, partial",
      ],
      [{ behaviour: { pipelineNeedsStatus: 1 } }, "behaviour.pipelineNeedsStatus must be true or false"],
      [{ behaviour: { retries: 3 } }, "behaviour.retries is not a behaviour setting"],
      [{ behaviour: ["append"] }, "behaviour must be an object or null"],
      [{ profile: "friendly", faults: { errorRate: 0.5 } }, "profile must be one of reference, hostile"],
      [{ profile: "hostile", rateLimit: -1 }, "rateLimit must be a number >= 0"],
    ] as const;
    for (const [patch, message] of cases) {
      const response = await control("PATCH", "config", patch);

      expect([response.status, response.json.detail]).toEqual([400, message]);
    }
    expect((await control("GET", "config")).json).toEqual(before);
  });

  test("paymentRequired makes every API request answer the documented 402", async () => {
    await control("PATCH", "config", { paymentRequired: true });

    const response = await api().get(PIPELINES);

    expect(response.status).toBe(402);
    expect(response.json).toEqual({
      title: "Payment Required",
      type: "https://httpstatus.es/402",
      status: 402,
      detail: "Payment required",
    });
  });

  test("control endpoints need no token and are not logged", async () => {
    await control("GET", "config");
    await control("GET", "state");

    expect((await control("GET", "requests")).json).toEqual([]);
  });

  test("GET /_emulator/state shows the whole account, hidden incoming statuses included", async () => {
    const pipeline = await api().createPipeline({ is_unsorted_on: false });

    const state = (await control("GET", "state")).json;

    const held = state.pipelines.find((p: { id: number }) => p.id === pipeline.id);
    expect(held.statuses.map((s: { system: string | null }) => s.system)).toEqual(["incoming", null, "won", "lost"]);
    expect(state.account_id).toBe(api().emulator.accountId);
  });

  test("unknown control endpoints and methods are problems", async () => {
    expect((await control("GET", "nothing")).status).toBe(404);
    expect((await control("POST", "requests")).status).toBe(405);
  });
});
