import { PROBLEM_JSON, useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

const UNAUTHORIZED = {
  title: "Unauthorized",
  type: "https://httpstatus.es/401",
  status: 401,
  detail: "Invalid user name or password",
};

describe("access", () => {
  const api = useApi();

  test("a request without a token gets the documented 401", async () => {
    const response = await api().get(PIPELINES, { token: null });

    expect(response.status).toBe(401);
    expect(response.contentType).toBe(PROBLEM_JSON);
    expect(response.json).toEqual(UNAUTHORIZED);
  });

  test("an unknown token gets the documented 401", async () => {
    const response = await api().get(PIPELINES, { token: "not-a-token" });

    expect(response.status).toBe(401);
    expect(response.json).toEqual(UNAUTHORIZED);
  });

  test("a token sent with another scheme than Bearer is not accepted", async () => {
    const response = await api().get(PIPELINES, {
      token: null,
      headers: { authorization: `Basic ${api().emulator.adminToken}` },
    });

    expect(response.status).toBe(401);
  });

  test("a user without admin rights may read pipelines and statuses", async () => {
    const token = api().emulator.userToken;
    const list = await api().get(PIPELINES, { token });
    const main = list.json._embedded.pipelines[0];

    expect(list.status).toBe(200);
    expect((await api().get(`${PIPELINES}/${main.id}`, { token })).status).toBe(200);
    expect((await api().get(`${PIPELINES}/${main.id}/statuses`, { token })).status).toBe(200);
    expect((await api().get(`${PIPELINES}/${main.id}/statuses/142`, { token })).status).toBe(200);
  });

  test("a user without admin rights gets 403 on every write, and nothing changes", async () => {
    const token = api().emulator.userToken;
    const main = await api().mainPipeline();
    const extra = await api().createPipeline();
    const status = main._embedded.statuses[1];
    const before = (await api().get(PIPELINES)).json;
    const writes = [
      api().post(PIPELINES, [{ name: "X", sort: 1, is_main: false, is_unsorted_on: true }], { token }),
      api().patch(`${PIPELINES}/${main.id}`, { name: "X" }, { token }),
      api().delete(`${PIPELINES}/${extra.id}`, { token }),
      api().post(`${PIPELINES}/${main.id}/statuses`, [{ name: "X", sort: 1 }], { token }),
      api().patch(`${PIPELINES}/${main.id}/statuses/${status.id}`, { name: "X" }, { token }),
      api().delete(`${PIPELINES}/${main.id}/statuses/${status.id}`, { token }),
    ];

    for (const response of await Promise.all(writes)) {
      expect(response.status).toBe(403);
      expect(response.contentType).toBe(PROBLEM_JSON);
      expect(response.json).toMatchObject({ title: "Forbidden", type: "https://httpstatus.es/403", status: 403 });
    }
    expect((await api().get(PIPELINES)).json).toEqual(before);
  });

  test("leads are not admin-only: a plain user may create them", async () => {
    const response = await api().post("/api/v4/leads", [{ name: "Deal" }], { token: api().emulator.userToken });

    expect(response.status).toBe(200);
  });
});
