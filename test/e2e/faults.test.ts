import { TOKEN, allFiles, liveStructure, world, type LivePipeline, type World } from "./harness";

/**
 * The provider against a faulty Kommo, under the real CLI: 5xx (some after the write was applied), resets, writes
 * applied and never answered, 429 bursts, a blocked account and a bad token. What must hold: the stack converges to
 * exactly what it declares, with no duplicate; blocked and unauthorized runs stop at once; the token leaks nowhere.
 */
jest.setTimeout(600_000);

const declared = {
  pipelines: [
    {
      key: "inbound",
      name: "Faulty inbound",
      sort: 40,
      wonStatusName: "Booked",
      statuses: ["Contacted", "Qualified", "Demo", "Offer", "Negotiation"].map((name, i) => ({
        key: `in${i}`,
        name,
        sort: (i + 1) * 10,
        color: "#ffdc7f",
        ...(i === 0 ? { descriptions: [{ level: "newbie", description: "Reply within the hour" }] } : {}),
      })),
    },
    {
      key: "partners",
      name: "Faulty partners",
      sort: 41,
      statuses: ["Intro", "Pilot", "Contract"].map((name, i) => ({
        key: `pa${i}`,
        name,
        sort: (i + 1) * 10,
        color: "#c1e0ff",
      })),
    },
  ],
};

async function setFaults(w: World, faults: object | null): Promise<void> {
  const res = await fetch(`${w.emulator.url}/_emulator/config`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ faults }),
  });
  expect(res.status).toBe(200);
}

/** Runs `up` until it succeeds, as a user would rerun it; returns every failed run's message. */
async function upUntilDone(w: World, tries: number): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < tries; i++) {
    const outcome = await w.stack.up().then(
      () => undefined,
      (e: unknown) => String(e),
    );
    if (outcome === undefined) return failures;
    failures.push(outcome);
  }
  throw new Error(`up did not converge in ${tries} runs:\n${failures.join("\n---\n")}`);
}

/** The account holds exactly the declared structure: each pipeline once, each status once, in declared order. */
function expectExactly(live: LivePipeline[], initial: LivePipeline[]) {
  expect(live.filter((p) => initial.some((i) => i.id === p.id))).toEqual(initial);
  const ours = live.filter((p) => !initial.some((i) => i.id === p.id));
  expect(ours.map((p) => p.name).sort()).toEqual(declared.pipelines.map((p) => p.name).sort());
  for (const p of declared.pipelines) {
    const got = ours.find((o) => o.name === p.name)!;
    const regular = got.statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143);
    expect(regular.map((s) => s.name)).toEqual(p.statuses.map((s) => s.name));
  }
}

const FIVE_XX = { errorRate: 0.2, applyBeforeError: 0.5, seed: 7 };
// Without batching every resource makes its own requests, so the same fault rate hits many more of them.
const UNBATCHED = { KOMMO_BATCHING: "off" };

describe.each([
  ["20% of requests fail with 5xx, half of them after the write was applied", FIVE_XX, {}],
  ["the same 20% of 5xx, one request per resource", { ...FIVE_XX, seed: 8 }, UNBATCHED],
  [
    "resets and 429 bursts",
    { resetRate: 0.35, applyBeforeReset: 0.5, burst429: { every: 5, length: 2 }, seed: 11 },
    {},
  ],
  [
    "resets and 429 bursts, one request per resource",
    { resetRate: 0.2, applyBeforeReset: 0.5, burst429: { every: 7, length: 2 }, seed: 12 },
    UNBATCHED,
  ],
  ["writes applied and never answered", { hangWrites: 0.5, slowMs: 60_000, seed: 5 }, {}],
  [
    "writes applied and never answered, one request per resource",
    { hangWrites: 0.25, slowMs: 60_000, seed: 6 },
    UNBATCHED,
  ],
])("converges under faults: %s", (_name, faults, env) => {
  let w: World;
  let initial: LivePipeline[];

  beforeAll(async () => {
    w = await world("program", "faulty", env);
    initial = await liveStructure(w);
    // A short timeout, so that a write that is never answered is given up on quickly and recovered.
    await w.stack.setConfig("kommo:requestTimeoutMs", { value: "1500" });
    await w.stack.setConfig("spec", { value: JSON.stringify(declared) });
    await setFaults(w, faults);
  });

  afterAll(async () => {
    await setFaults(w, null);
    await w.stack.destroy().catch(() => undefined);
    await w?.close();
  });

  test("up ends, perhaps after reruns, with exactly the declared structure and no duplicate", async () => {
    const failures = await upUntilDone(w, 8);
    if (process.env.FAULTS_DEBUG) {
      const log = (await (await fetch(`${w.emulator.url}/_emulator/requests`)).json()) as object[];
      console.log(
        failures.join("\n====\n"),
        JSON.stringify(log.map((r: any) => [r.method, r.path, r.status, r.fault, r.upstreamStatus])),
      );
    }
    for (const f of failures) {
      expect(f).toMatch(/Kommo: could not/);
      expect(f).not.toContain(TOKEN);
    }
    const faultsSeen = (
      (await (await fetch(`${w.emulator.url}/_emulator/requests`)).json()) as { fault: string | null }[]
    ).filter((r) => r.fault).length;
    expect(faultsSeen).toBeGreaterThan(0);
    console.log(`${_name}: ${faultsSeen} faults injected, ${failures.length} failed run(s) before up succeeded`);
    await setFaults(w, null);
    expectExactly(await liveStructure(w), initial);
    const preview = await w.stack.preview();
    expect(Object.entries(preview.changeSummary).filter(([op, n]) => op !== "same" && n)).toEqual([]);
    for (const { file, text } of allFiles(w.backendDir)) {
      if (text.includes(TOKEN)) throw new Error(`the access token is in ${file}`);
    }
  });
});

describe("no hammering", () => {
  let w: World;

  beforeAll(async () => {
    w = await world("program", "stop");
    await w.stack.setConfig("spec", { value: JSON.stringify(declared) });
  });

  afterAll(async () => {
    await setFaults(w, null);
    await w?.close();
  });

  test.each([
    ["a blocked account (HTML 403)", async () => setFaults(w, { blocked: true }), /blocked/],
    [
      "a token Kommo rejects (401)",
      async () => {
        await setFaults(w, null);
        await w.stack.setConfig("kommo:accessToken", { value: "wrong-token-3e9d", secret: true });
      },
      /rejected the access token/,
    ],
  ])("%s stops the run at once, with a clear message and no retry storm", async (_name, arrange, message) => {
    await arrange();
    await w.requests();
    const output: string[] = [];
    const failure = await w.stack.up({ onOutput: (o) => output.push(o) }).then(
      () => undefined,
      (e: unknown) => String(e),
    );
    expect(failure).toMatch(message);
    expect(failure).not.toContain(TOKEN);
    expect(output.join("")).not.toContain("wrong-token-3e9d");
    const { total, applied } = await w.requests();
    // The pipelines go out in one request; its answer stops everything else.
    expect(total).toBeLessThanOrEqual(2);
    expect(applied).toBe(0);
  });
});
