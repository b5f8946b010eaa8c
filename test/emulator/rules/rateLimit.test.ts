import { startEmulator } from "../../../emulator";
import { PROBLEM_JSON, TestApi, useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

const TOO_MANY_DETAIL = "You have sent too many requests in a given amount of time. Please try again later.";

async function burst(api: TestApi, count: number, token?: string): Promise<number[]> {
  const responses = await Promise.all(Array.from({ length: count }, () => api.get(PIPELINES, { token })));
  return responses.map((r) => r.status);
}

describe("rate limit", () => {
  describe("at 7 requests per second", () => {
    const api = useApi({ rateLimit: 7 });

    test("the 8th request within a second gets the documented 429 with retry_after", async () => {
      const statuses = await burst(api(), 7);
      const eighth = await api().get(PIPELINES);

      expect(statuses).toEqual(Array(7).fill(200));
      expect(eighth.status).toBe(429);
      expect(eighth.contentType).toBe(PROBLEM_JSON);
      expect(eighth.json).toEqual({
        title: "Too Many Requests",
        type: "https://httpstatus.es/429",
        status: 429,
        detail: TOO_MANY_DETAIL,
        retry_after: 1,
      });
    });

    test("the limit is per token", async () => {
      await burst(api(), 8);

      const asUser = await api().get(PIPELINES, { token: api().emulator.userToken });

      expect(asUser.status).toBe(200);
    });

    test("after a second the window has room again", async () => {
      await burst(api(), 8);

      await new Promise((resolve) => setTimeout(resolve, 1050));

      expect((await api().get(PIPELINES)).status).toBe(200);
    });

    test("repeated 429s never block a token unless blocking is switched on", async () => {
      const statuses = await burst(api(), 30);

      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses).not.toContain(403);
    });

    test("the limit can be changed and turned off while running", async () => {
      await fetch(`${api().url}/_emulator/config`, { method: "PATCH", body: JSON.stringify({ rateLimit: 0 }) });

      expect(await burst(api(), 30)).toEqual(Array(30).fill(200));
    });
  });

  describe("turned off", () => {
    const api = useApi({ rateLimit: 0 });

    test("with rate limit 0 nothing is ever refused", async () => {
      expect(await burst(api(), 50)).toEqual(Array(50).fill(200));
    });
  });

  describe("with blocking on", () => {
    const api = useApi({ rateLimit: 2, blockAfter429s: 2 });

    test("a token that got enough 429s is blocked with a 403 HTML page, until the blocks are lifted", async () => {
      await burst(api(), 4);
      await new Promise((resolve) => setTimeout(resolve, 1050));

      const blocked = await api().get(PIPELINES);
      const other = await api().get(PIPELINES, { token: api().emulator.userToken });
      await fetch(`${api().url}/_emulator/blocks`, { method: "DELETE" });
      const lifted = await api().get(PIPELINES);

      expect(blocked.status).toBe(403);
      expect(blocked.contentType).toMatch(/^text\/html/);
      expect(blocked.text).toContain("403");
      expect(other.status).toBe(200);
      expect(lifted.status).toBe(200);
    });
  });

  test("the default is 7 requests per second and no blocking", async () => {
    const emulator = await startEmulator();
    try {
      const config = await (await fetch(`${emulator.url}/_emulator/config`)).json();

      expect(config).toEqual({
        rateLimit: 7,
        latency: 0,
        blockAfter429s: 0,
        paymentRequired: false,
        faults: expect.any(Object),
        behaviour: expect.any(Object),
      });
    } finally {
      await emulator.close();
    }
  });
});
