import { useApi } from "../harness";

const PIPELINES = "/api/v4/leads/pipelines";

async function timed<T>(action: () => Promise<T>): Promise<number> {
  const started = Date.now();
  await action();
  return Date.now() - started;
}

describe("latency", () => {
  const api = useApi({ latency: 150 });

  test("the configured milliseconds are added to each response", async () => {
    expect(await timed(() => api().get(PIPELINES))).toBeGreaterThanOrEqual(140);
  });

  test("latency can be changed while running", async () => {
    await fetch(`${api().url}/_emulator/config`, { method: "PATCH", body: JSON.stringify({ latency: 0 }) });

    expect(await timed(() => api().get(PIPELINES))).toBeLessThan(140);
  });
});

describe("latency on writes", () => {
  const api = useApi({ latency: 1000 });

  test("a write is applied before the delay: the pipeline exists while its answer is still pending", async () => {
    const controller = new AbortController();
    let answered = false;
    const request = fetch(`${api().url}${PIPELINES}`, {
      method: "POST",
      headers: { authorization: `Bearer ${api().emulator.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify([
        {
          name: "Ghost",
          sort: 3,
          is_main: false,
          is_unsorted_on: true,
          _embedded: { statuses: [{ name: "Work", sort: 10 }] },
        },
      ]),
      signal: controller.signal,
    }).finally(() => {
      answered = true;
    });
    let applied = false;
    for (let i = 0; i < 50 && !applied; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const state = (await (await fetch(`${api().url}/_emulator/state`)).json()) as {
        pipelines: Array<{ name: string }>;
      };
      applied = state.pipelines.some((p) => p.name === "Ghost");
    }
    const pendingWhenApplied = !answered;
    controller.abort();

    await expect(request).rejects.toThrow();
    expect(applied).toBe(true);
    expect(pendingWhenApplied).toBe(true);
  });
});
