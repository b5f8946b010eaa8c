import { startEmulator, type RunningEmulator } from "../../emulator";
import { api, cli, TOKEN } from "./support";

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
let pipelineId: number;

beforeAll(async () => {
  emulator = await startEmulator({ adminToken: TOKEN, rateLimit: 0 });
  env = { KOMMO_BASE_URL: emulator.url, KOMMO_ACCESS_TOKEN: TOKEN };
  const created = await api(emulator.url, "POST", "/api/v4/leads/pipelines", [
    {
      name: "Renewals 🔁",
      sort: 20,
      is_main: false,
      is_unsorted_on: false,
      _embedded: {
        statuses: [
          { id: 142, name: "Renewed" },
          { name: "Contract ending", sort: 5, color: "#c1e0ff" },
        ],
      },
    },
  ]);
  pipelineId = created._embedded.pipelines[0].id;
  await api(emulator.url, "POST", `/api/v4/leads/pipelines/${pipelineId}/statuses`, [
    {
      name: "Renewal due",
      sort: 10,
      color: "#d6eaff",
      descriptions: [{ level: "candidate", description: "Call 90 days ahead 📞" }],
    },
    { name: 'Quote "sent"', sort: 20, color: "#f3beff" },
  ]);
});

afterAll(() => emulator.close());

async function live() {
  const pipelines = (await api(emulator.url, "GET", "/api/v4/leads/pipelines"))._embedded.pipelines;
  return Promise.all(
    pipelines.map(async (p: any) => ({
      pipeline: p,
      statuses: (await api(emulator.url, "GET", `/api/v4/leads/pipelines/${p.id}/statuses?with=descriptions`))._embedded
        .statuses,
    })),
  );
}

describe("show", () => {
  test("prints every pipeline and every status by name with its id", async () => {
    const result = await cli(["show"], env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).not.toContain("\x1b");
    const account = await live();
    expect(account).toHaveLength(2);
    for (const { pipeline, statuses } of account) {
      expect(result.stdout).toContain(pipeline.name);
      expect(result.stdout).toContain(`id ${pipeline.id}`);
      for (const s of statuses) {
        expect(result.stdout).toContain(s.name);
        expect(result.stdout).toMatch(new RegExp(`id ${s.id} +${s.color.toLowerCase()}`));
      }
    }
    expect(result.stdout).not.toContain(TOKEN);
  });

  test("paints statuses in their colors when asked to", async () => {
    const result = await cli(["show"], { ...env, FORCE_COLOR: "1" });
    expect(result.stdout).toContain("\x1b[48;2;214;234;255m\x1b[38;2;33;33;33m Renewal due");
  });

  test("--json prints the stable document, in sort order, that matches the API", async () => {
    const result = await cli(["show", "--json"], env);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const doc = JSON.parse(result.stdout);
    // Round trip: the printed text is exactly the document re-serialized, so scripts may diff it as text.
    expect(`${JSON.stringify(doc, null, 2)}\n`).toBe(result.stdout);
    const bySort = (a: any, b: any) => a.sort - b.sort || a.id - b.id;
    const expected = (await live())
      .sort((a, b) => bySort(a.pipeline, b.pipeline))
      .map(({ pipeline: p, statuses }) => ({
        id: p.id,
        name: p.name,
        sort: p.sort,
        isMain: p.is_main,
        isUnsortedOn: p.is_unsorted_on,
        statuses: [...statuses].sort(bySort).map((s: any) => ({
          id: s.id,
          name: s.name,
          sort: s.sort,
          color: s.color,
          type: s.type,
          descriptions: (s.descriptions ?? []).map((d: any) => ({ level: d.level, description: d.description })),
        })),
      }));
    expect(doc).toEqual({ pipelines: expected });
    expect(Object.keys(doc.pipelines[0])).toEqual(["id", "name", "sort", "isMain", "isUnsortedOn", "statuses"]);
    expect(Object.keys(doc.pipelines[0].statuses[0])).toEqual(["id", "name", "sort", "color", "type", "descriptions"]);
    const renewals = doc.pipelines.find((p: any) => p.id === pipelineId);
    expect(renewals.statuses.find((s: any) => s.name === "Renewal due").descriptions).toEqual([
      { level: "candidate", description: "Call 90 days ahead 📞" },
    ]);
    expect(renewals.statuses.find((s: any) => s.id === 142).name).toBe("Renewed");
  });

  test("shows progress on stderr with --verbose, and rewrites one line on a terminal", async () => {
    const verbose = await cli(["show", "--json", "--verbose"], env);
    expect(verbose.stderr).toBe("reading pipelines…\nreading pipeline 1/2…\nreading pipeline 2/2…\n");
    expect(() => JSON.parse(verbose.stdout)).not.toThrow();
    const tty = await cli(["show"], env, true);
    expect(tty.stderr).toBe(
      "\r\x1b[Kreading pipelines…\r\x1b[Kreading pipeline 1/2…\r\x1b[Kreading pipeline 2/2…\r\x1b[K",
    );
  });
});
