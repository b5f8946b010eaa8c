import { startEmulator } from "../../emulator";
import { PROBLEM_JSON, useApi, type TestApi } from "./harness";
import { expectConsistent } from "./invariants";

const PIPELINES = "/api/v4/leads/pipelines";
const NEW_PIPELINE = [
  {
    name: "Faulty",
    sort: 5,
    is_main: false,
    is_unsorted_on: true,
    _embedded: { statuses: [{ name: "Work", sort: 10 }] },
  },
];
const TOO_MANY_DETAIL = "You have sent too many requests in a given amount of time. Please try again later.";

type Outcome = { status: number; type: string | null; text: string } | { rejected: string };

/** Like a client with a timeout: a reset or a hang comes back as `rejected` with the error's name or code. */
async function send(
  api: TestApi,
  method: string,
  path: string,
  options: { body?: unknown; timeoutMs?: number } = {},
): Promise<Outcome> {
  try {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.emulator.adminToken}`, "content-type": "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { rejected: cause?.code ?? (error as Error).name };
  }
}

function statusOf(outcome: Outcome): number | "rejected" {
  return "status" in outcome ? outcome.status : ("rejected" as const);
}

async function pipelineNames(api: TestApi): Promise<string[]> {
  return (await api.state()).pipelines.map((p: { name: string }) => p.name);
}

describe("faults", () => {
  const api = useApi();

  test("are all off by default, and GET /_emulator/config shows them with the seed in use", async () => {
    const { faults } = await api().control("GET", "config");
    for (let i = 0; i < 20; i++) await api().get(PIPELINES);
    await api().post(PIPELINES, NEW_PIPELINE);

    expect(faults).toEqual({
      seed: expect.any(Number),
      errorRate: 0,
      errorStatuses: [500, 502, 503, 504],
      applyBeforeError: 0.5,
      burst429: null,
      retryAfter: 1,
      resetRate: 0,
      applyBeforeReset: 0.5,
      slowRate: 0,
      slowMs: 60000,
      hangWrites: 0,
      blocked: false,
    });
    const log = await api().log();
    expect(log.map((e) => [e.status, e.fault, e.upstreamStatus])).toEqual([
      ...Array(20).fill([200, null, null]),
      [200, null, null],
    ]);
  });

  describe("errorRate", () => {
    test("1 answers every API request with a 5xx: 500 as Kommo's problem with a trace_id, 502-504 as the gateway's HTML", async () => {
      await api().faults({ seed: 1, errorRate: 1 });

      const outcomes = [];
      for (let i = 0; i < 40; i++) outcomes.push(await send(api(), "GET", PIPELINES));

      const statuses = outcomes.map(statusOf);
      expect(new Set(statuses)).toEqual(new Set([500, 502, 503, 504]));
      for (const outcome of outcomes) {
        if (!("status" in outcome)) throw new Error("rejected");
        if (outcome.status === 500) {
          expect(outcome.type).toBe(PROBLEM_JSON);
          expect(JSON.parse(outcome.text)).toEqual({
            title: "ErrInternalServer",
            status: 500,
            detail: expect.any(String),
            trace_id: expect.any(String),
          });
        } else {
          expect(outcome.type).toMatch(/^text\/html/);
          expect(outcome.text).toContain(`<title>${outcome.status} `);
        }
      }
      expect((await api().log()).map((e) => e.fault)).toEqual(statuses.map(String));
    });

    test("is a fraction of requests, and errorStatuses narrows the statuses drawn", async () => {
      await api().faults({ seed: 2, errorRate: 0.3, errorStatuses: [503] });

      const statuses = [];
      for (let i = 0; i < 200; i++) statuses.push(statusOf(await send(api(), "GET", PIPELINES)));

      const failed = statuses.filter((s) => s !== 200);
      expect(new Set(failed)).toEqual(new Set([503]));
      expect(failed.length).toBeGreaterThan(40);
      expect(failed.length).toBeLessThan(80);
    });

    test("with applyBeforeError 1 the write is applied and then the 5xx answered: the ambiguous case", async () => {
      await api().faults({ seed: 3, errorRate: 1, applyBeforeError: 1 });

      const outcome = await send(api(), "POST", PIPELINES, { body: NEW_PIPELINE });

      expect(statusOf(outcome)).toBeGreaterThanOrEqual(500);
      expect(await pipelineNames(api())).toContain("Faulty");
      expect((await api().log())[0]).toMatchObject({ method: "POST", status: statusOf(outcome), upstreamStatus: 200 });
    });

    test("with applyBeforeError 0 the write is refused before it is applied", async () => {
      await api().faults({ seed: 3, errorRate: 1, applyBeforeError: 0 });

      const outcome = await send(api(), "POST", PIPELINES, { body: NEW_PIPELINE });

      expect(statusOf(outcome)).toBeGreaterThanOrEqual(500);
      expect(await pipelineNames(api())).not.toContain("Faulty");
      expect((await api().log())[0]).toMatchObject({ upstreamStatus: null });
    });
  });

  describe("seed", () => {
    async function run(): Promise<Array<number | "rejected">> {
      const statuses: Array<number | "rejected"> = [];
      for (let i = 0; i < 30; i++) statuses.push(statusOf(await send(api(), "GET", PIPELINES)));
      return statuses;
    }

    test("the same seed replays the same faults, after a config change or an account reset; another seed does not", async () => {
      const faults = { seed: 42, errorRate: 0.4, resetRate: 0.1, burst429: { rate: 0.1, length: 2 } };
      await api().faults(faults);
      const first = await run();
      await api().faults(faults);
      const again = await run();
      await api().control("POST", "reset");
      const afterReset = await run();
      await api().faults({ ...faults, seed: 43 });
      const other = await run();

      expect(first).toEqual(expect.arrayContaining([200, 429, "rejected"]));
      expect(first.some((s) => typeof s === "number" && s >= 500)).toBe(true);
      expect(again).toEqual(first);
      expect(afterReset).toEqual(first);
      expect(other).not.toEqual(first);
    });
  });

  describe("resetRate", () => {
    test("1 drops every connection without an answer, so the client's request rejects", async () => {
      await api().faults({ seed: 4, resetRate: 1 });

      const outcome = await send(api(), "GET", PIPELINES);

      expect(outcome).toEqual({ rejected: expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET|SocketError/) });
      expect((await api().log())[0]).toMatchObject({ status: null, fault: "reset" });
    });

    test("with applyBeforeReset 1 the write is applied before the connection drops", async () => {
      await api().faults({ seed: 4, resetRate: 1, applyBeforeReset: 1 });

      expect(statusOf(await send(api(), "POST", PIPELINES, { body: NEW_PIPELINE }))).toBe("rejected");
      expect(await pipelineNames(api())).toContain("Faulty");
      expect((await api().log())[0]).toMatchObject({ status: null, fault: "reset", upstreamStatus: 200 });
    });

    test("with applyBeforeReset 0 the connection drops before the write", async () => {
      await api().faults({ seed: 4, resetRate: 1, applyBeforeReset: 0 });

      expect(statusOf(await send(api(), "POST", PIPELINES, { body: NEW_PIPELINE }))).toBe("rejected");
      expect(await pipelineNames(api())).not.toContain("Faulty");
    });
  });

  describe("hangWrites", () => {
    test("a write is applied and not answered within the client's timeout; reads still are", async () => {
      await api().faults({ seed: 5, hangWrites: 1 });

      const write = await send(api(), "POST", PIPELINES, { body: NEW_PIPELINE, timeoutMs: 300 });
      const read = await send(api(), "GET", PIPELINES, { timeoutMs: 300 });

      expect(write).toEqual({ rejected: "TimeoutError" });
      expect(statusOf(read)).toBe(200);
      expect(await pipelineNames(api())).toContain("Faulty");
      expect((await api().log())[0]).toMatchObject({
        method: "POST",
        status: null,
        fault: "hang",
        upstreamStatus: 200,
      });
    });

    test("a hung socket is dropped after slowMs, so a client without a timeout is not stuck forever", async () => {
      await api().faults({ seed: 5, hangWrites: 1, slowMs: 150 });
      const started = Date.now();

      const write = await send(api(), "POST", PIPELINES, { body: NEW_PIPELINE, timeoutMs: 5000 });

      expect(statusOf(write)).toBe("rejected");
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    test("closing the emulator releases hung sockets at once", async () => {
      const emulator = await startEmulator({ rateLimit: 0, faults: { hangWrites: 1 } });
      const pending = fetch(`${emulator.url}${PIPELINES}`, {
        method: "POST",
        headers: { authorization: `Bearer ${emulator.adminToken}`, "content-type": "application/json" },
        body: JSON.stringify(NEW_PIPELINE),
      }).catch(() => "rejected");
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();

      await emulator.close();

      expect(await pending).toBe("rejected");
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });

  describe("slowRate", () => {
    test("answers come only after slowMs: a client with a shorter timeout gives up, although its write was applied", async () => {
      await api().faults({ seed: 6, slowRate: 1, slowMs: 400 });

      const write = await send(api(), "POST", PIPELINES, { body: NEW_PIPELINE, timeoutMs: 150 });
      const started = Date.now();
      const patient = await send(api(), "GET", PIPELINES, { timeoutMs: 2000 });

      expect(write).toEqual({ rejected: "TimeoutError" });
      expect(statusOf(patient)).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
      expect(await pipelineNames(api())).toContain("Faulty");
      const log = await api().log();
      expect(log.map((e) => [e.method, e.status, e.fault, e.upstreamStatus])).toEqual([
        ["POST", null, "slow", 200],
        ["GET", 200, "slow", 200],
      ]);
    });
  });

  describe("blocked", () => {
    test("answers HTML 403 to every API request, whatever the token or the route, until switched off", async () => {
      await api().faults({ blocked: true });

      const answers = [
        await api().get(PIPELINES),
        await api().get(PIPELINES, { token: api().emulator.userToken }),
        await api().get(PIPELINES, { token: null }),
        await api().post(PIPELINES, NEW_PIPELINE),
        await api().get("/api/v4/nothing"),
      ];
      const config = await api().control("GET", "config");
      await api().faults({ blocked: false });

      for (const answer of answers) {
        expect(answer.status).toBe(403);
        expect(answer.contentType).toMatch(/^text\/html/);
        expect(answer.text).toContain("403 Forbidden");
      }
      expect(config.faults.blocked).toBe(true);
      expect((await api().log()).map((e) => e.fault)).toEqual(Array(5).fill("blocked"));
      expect((await api().get(PIPELINES)).status).toBe(200);
      expect(await pipelineNames(api())).not.toContain("Faulty");
    });
  });

  describe("burst429", () => {
    test("{every, length}: the last `length` of every `every` requests get the documented 429 with retry_after", async () => {
      await api().faults({ burst429: { every: 5, length: 2 }, retryAfter: 3 });

      const answers = [];
      for (let i = 0; i < 10; i++) answers.push(await api().get(PIPELINES));

      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429, 200, 200, 200, 429, 429]);
      expect(answers[3]?.contentType).toBe(PROBLEM_JSON);
      expect(answers[3]?.json).toEqual({
        title: "Too Many Requests",
        type: "https://httpstatus.es/429",
        status: 429,
        detail: TOO_MANY_DETAIL,
        retry_after: 3,
      });
      expect((await api().log()).filter((e) => e.fault === "429")).toHaveLength(4);
    });

    test("{rate, length}: bursts start at random and last at least `length` requests, at any request rate", async () => {
      await api().faults({ seed: 7, burst429: { rate: 0.1, length: 3 } });

      const statuses = [];
      for (let i = 0; i < 120; i++) statuses.push((await api().get(PIPELINES)).status);

      const runs = statuses
        .join(",")
        .split(/,?200,?/)
        .filter((run) => run !== "")
        .map((run) => run.split(",").length);
      expect(runs.length).toBeGreaterThan(2);
      for (const length of runs.slice(0, -1)) expect(length).toBeGreaterThanOrEqual(3);
    });

    test("injected 429s never get a token blocked, even with blockAfter429s", async () => {
      await api().control("PATCH", "config", { blockAfter429s: 1, faults: { burst429: { every: 2, length: 1 } } });

      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await api().get(PIPELINES)).status);

      expect(statuses).toEqual([200, 429, 200, 429, 200, 429]);
    });
  });

  test("the control API is never faulted, even with every fault on at once", async () => {
    await api().faults({
      errorRate: 1,
      resetRate: 1,
      slowRate: 1,
      hangWrites: 1,
      blocked: true,
      burst429: { every: 1, length: 1 },
    });

    expect((await api().control("GET", "config")).faults.blocked).toBe(true);
    expect(await api().control("GET", "requests")).toEqual([]);
    expect((await api().control("GET", "state")).pipelines).toHaveLength(1);
    await api().control("POST", "reset");
    await api().control("DELETE", "requests");
    await api().control("DELETE", "blocks");
    expect((await api().faults(null)).faults.blocked).toBe(false);
  });

  test("faults strike /api/v4 only: any other path keeps its ordinary answer", async () => {
    await api().faults({ errorRate: 1 });

    const other = await api().get("/api/v3/leads");

    expect(other.status).toBe(404);
    expect(other.contentType).toBe(PROBLEM_JSON);
    expect((await api().log())[0]).toMatchObject({ fault: null });
  });

  test("combined faults: each request meets at most one, and the log accounts for every failure the client saw", async () => {
    const main = await api().mainPipeline();
    await api().control("DELETE", "requests");
    await api().faults({
      seed: 9,
      errorRate: 0.2,
      resetRate: 0.1,
      slowRate: 0.1,
      slowMs: 20,
      hangWrites: 0.1,
      burst429: { every: 10, length: 1 },
    });

    const seen: Array<number | "rejected"> = [];
    for (let i = 0; i < 120; i++) {
      const write = i % 2 === 0;
      const path = write ? `${PIPELINES}/${main.id}/statuses` : PIPELINES;
      seen.push(
        statusOf(
          await send(api(), write ? "POST" : "GET", path, {
            body: write ? [{ name: `S${i}`, sort: i }] : undefined,
            timeoutMs: 2000,
          }),
        ),
      );
    }
    const log = await api().log();

    expect(log).toHaveLength(120);
    expect(new Set(log.map((e) => e.fault))).toEqual(
      new Set([null, "429", "500", "502", "503", "504", "reset", "hang", "slow"]),
    );
    log.forEach((entry, i) => {
      if (entry.fault === "reset" || entry.fault === "hang") expect(seen[i]).toBe("rejected");
      else if (entry.fault === null || entry.fault === "slow") expect(seen[i]).toBe(200);
      else expect(String(seen[i])).toBe(entry.fault);
    });
    await api().faults(null);
    const state = await expectConsistent(api());
    // Writes count by what the endpoint did, answered or not: the client saw fewer successes than were applied.
    const applied = log.filter((e) => e.method === "POST" && (e.upstreamStatus ?? e.status) === 200).length;
    const held = state.pipelines.find((p) => p.id === main.id)!.statuses.filter((s) => s.system === null).length;
    expect(held).toBe(4 + applied);
    expect(applied).toBeGreaterThan(seen.filter((s, i) => i % 2 === 0 && s === 200).length);
  });

  describe("configuration", () => {
    test("PATCH merges into the current faults; bad values are a 400 naming the setting and change nothing", async () => {
      await api().faults({ seed: 10, errorRate: 0.5 });
      const before = (await api().control("GET", "config")).faults;

      const bad: Array<[unknown, RegExp]> = [
        [{ errorRate: 1.5 }, /faults\.errorRate/],
        [{ errorStatuses: [418] }, /faults\.errorStatuses/],
        [{ errorStatuses: [] }, /faults\.errorStatuses/],
        [{ burst429: { every: 2, length: 3 } }, /faults\.burst429/],
        [{ burst429: { rate: 0.5 } }, /faults\.burst429/],
        [{ seed: -1 }, /faults\.seed/],
        [{ seed: 1.5 }, /faults\.seed/],
        [{ slowMs: 1e12 }, /faults\.slowMs/],
        [{ blocked: "yes" }, /faults\.blocked/],
        [{ retryAfter: 0.5 }, /faults\.retryAfter/],
        [{ errorRate: 0, typo: 1 }, /faults\.typo/],
        ["all", /faults must be an object or null/],
      ];
      for (const [faults, message] of bad) {
        const response = await fetch(`${api().url}/_emulator/config`, {
          method: "PATCH",
          body: JSON.stringify({ faults }),
        });
        expect(response.status).toBe(400);
        expect(((await response.json()) as { detail: string }).detail).toMatch(message);
      }
      expect((await api().control("GET", "config")).faults).toEqual(before);

      const merged = (await api().faults({ resetRate: 0.25 })).faults;
      expect(merged).toMatchObject({ seed: 10, errorRate: 0.5, resetRate: 0.25 });
      const off = (await api().faults(null)).faults;
      expect(off).toMatchObject({ seed: 10, errorRate: 0, resetRate: 0 });
    });

    test("startEmulator takes the same settings as `faults`, and refuses bad ones", async () => {
      const emulator = await startEmulator({ rateLimit: 0, faults: { seed: 11, errorRate: 1, errorStatuses: [502] } });
      try {
        const response = await fetch(`${emulator.url}${PIPELINES}`, {
          headers: { authorization: `Bearer ${emulator.adminToken}` },
        });
        expect(response.status).toBe(502);
        expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      } finally {
        await emulator.close();
      }
      await expect(startEmulator({ faults: { errorRate: 2 } })).rejects.toThrow(/errorRate/);
    });
  });
});
