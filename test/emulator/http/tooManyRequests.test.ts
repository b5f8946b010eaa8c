import { PROBLEM_JSON, useApi, type TestApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";
const TOO_MANY_DETAIL = "You have sent too many requests in a given amount of time. Please try again later.";

/** Every request is refused by an injected burst, whose retry_after is 7: deterministic whatever the clock says. */
async function injected429(api: TestApi, shape: string) {
  await api.behaviour({ tooManyRequests: shape });
  await api.faults({ burst429: { every: 1, length: 1 }, retryAfter: 7 });
  return api.get(PIPELINES);
}

/** The second of two back-to-back requests at one request per second. */
async function limiter429(api: TestApi) {
  await api.control("PATCH", "config", { rateLimit: 1 });
  await api.get(PIPELINES);
  return api.get(PIPELINES);
}

describe("tooManyRequests: the shape of every 429", () => {
  const api = useApi();

  test("problem (the default): problem+json with retry_after in the body, no Retry-After header", async () => {
    const injected = await injected429(api(), "problem");
    await api().faults(null);
    const limited = await limiter429(api());

    for (const [response, retryAfter] of [
      [injected, 7],
      [limited, 1],
    ] as const) {
      expect(response.status).toBe(429);
      expect(response.contentType).toBe(PROBLEM_JSON);
      expect(response.headers.get("retry-after")).toBeNull();
      expect(response.json).toEqual({
        title: "Too Many Requests",
        type: "https://httpstatus.es/429",
        status: 429,
        detail: TOO_MANY_DETAIL,
        retry_after: retryAfter,
      });
    }
  });

  test("html: the gateway's HTML page, with no Retry-After header and no retry_after", async () => {
    const injected = await injected429(api(), "html");
    await api().faults(null);
    const limited = await limiter429(api());

    for (const response of [injected, limited]) {
      expect(response.status).toBe(429);
      expect(response.contentType).toMatch(/^text\/html/);
      expect(response.headers.get("retry-after")).toBeNull();
      expect(response.text).toContain("<title>429 Too Many Requests</title>");
      expect(response.json).toBeUndefined();
    }
  });

  test("header: a Retry-After header in seconds, and the problem body without retry_after", async () => {
    const injected = await injected429(api(), "header");
    await api().faults(null);
    const limited = await limiter429(api());

    expect(injected.headers.get("retry-after")).toBe("7");
    expect(limited.headers.get("retry-after")).toBe("1");
    for (const response of [injected, limited]) {
      expect(response.status).toBe(429);
      expect(response.contentType).toBe(PROBLEM_JSON);
      expect(response.json).toEqual({
        title: "Too Many Requests",
        type: "https://httpstatus.es/429",
        status: 429,
        detail: TOO_MANY_DETAIL,
      });
    }
  });

  test("bare: an empty body, with no content type, no header and no hint", async () => {
    const injected = await injected429(api(), "bare");
    await api().faults(null);
    const limited = await limiter429(api());

    for (const response of [injected, limited]) {
      expect(response.status).toBe(429);
      expect(response.text).toBe("");
      expect(response.contentType).toBeNull();
      expect(response.headers.get("retry-after")).toBeNull();
    }
  });
});
