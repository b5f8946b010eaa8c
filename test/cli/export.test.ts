import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { renderProject } from "../../cli/export/files";
import { api, cli, declarations, read, tempDir, TOKEN, typeErrors, type Declared } from "./support";

const PALETTE = new Set(["#fffeb2", "#fffd7f", "#fff000", "#ffeab2", "#ffdc7f", "#ffce5a", "#ffdbdb", "#ffc8c8", "#ff8f92",
  "#d6eaff", "#c1e0ff", "#98cbff", "#ebffb1", "#deff81", "#87f2c0", "#f9deff", "#f3beff", "#ccc8f9", "#eb93ff", "#f2f3f4", "#e6e8ea"]);
const LEVELS = ["newbie", "candidate", "master"];
const FILES = [".gitignore", "Pulumi.dev.yaml", "Pulumi.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"];

const bySort = (a: { sort: number; id: number }, b: { sort: number; id: number }) => a.sort - b.sort || a.id - b.id;

/**
 * What index.ts must declare, worked out from the API's own answers: every pipeline, then each of its statuses
 * but incoming, won and lost, in sort order, with the live values. Status wiring is by the pipeline's id here;
 * `wiredById` maps the generated program's wiring to the same form.
 */
async function expectedFromApi(url: string): Promise<Array<Omit<Declared, "name">>> {
  const { _embedded } = await api(url, "GET", "/api/v4/leads/pipelines");
  const result: Array<Omit<Declared, "name">> = [];
  for (const p of [..._embedded.pipelines].sort(bySort)) {
    const statuses = (await api(url, "GET", `/api/v4/leads/pipelines/${p.id}/statuses?with=descriptions`))._embedded.statuses;
    const named = (id: number) => statuses.find((s: any) => s.id === id)?.name;
    result.push({
      type: "Pipeline",
      args: { name: p.name, sort: p.sort, isMain: p.is_main, isUnsortedOn: p.is_unsorted_on, wonStatusName: named(142), lostStatusName: named(143), adopt: { id: p.id } },
    });
    for (const s of [...statuses].sort(bySort).filter((s: any) => s.type === 0 && s.id !== 142 && s.id !== 143)) {
      const descriptions = (s.descriptions ?? [])
        .map((d: any) => ({ level: d.level, description: d.description }))
        .sort((a: any, b: any) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
      result.push({
        type: "Status",
        args: {
          pipelineId: p.id,
          name: s.name,
          sort: s.sort,
          ...(PALETTE.has(s.color.toLowerCase()) ? { color: s.color.toLowerCase() } : {}),
          ...(descriptions.length ? { descriptions } : {}),
          adopt: { id: s.id },
        },
      });
    }
  }
  return result;
}

function wiredById(declared: Declared[]): Array<Omit<Declared, "name">> {
  const pipelineIds = new Map(declared.filter((d) => d.type === "Pipeline").map((d) => [d.name, (d.args.adopt as { id: number }).id]));
  return declared.map(({ type, args }) =>
    type === "Status" ? { type, args: { ...args, pipelineId: pipelineIds.get((args.pipelineId as { pipelineOf: string }).pipelineOf) } } : { type, args },
  );
}

let fresh: RunningEmulator;
let changed: RunningEmulator;
let freshDir: string;
let changedDir: string;
const outputs: string[] = [];
const env = (e: RunningEmulator) => ({ KOMMO_BASE_URL: e.url, KOMMO_ACCESS_TOKEN: TOKEN });

/** The hand-made changes a team makes over the years, with the names that are hardest to put in source code. */
async function changeByHand(url: string) {
  const created = await api(url, "POST", "/api/v4/leads/pipelines", [
    {
      name: 'Enterprise "Deals" \\ 2024 🚀',
      sort: 20,
      is_main: false,
      is_unsorted_on: false,
      _embedded: {
        statuses: [
          { id: 142, name: "Contract signed ✍️" },
          { id: 143, name: 'Lost \\ "no budget"' },
          { name: "Qualified", sort: 10, color: "#98cbff" },
        ],
      },
    },
    { name: "Продажи", sort: 30, is_main: false, is_unsorted_on: true, _embedded: { statuses: [{ name: "Новый", sort: 10 }] } },
    { name: "Pipeline", sort: 40, is_main: false, is_unsorted_on: true },
  ]);
  const enterprise = created._embedded.pipelines[0].id;
  await api(url, "POST", `/api/v4/leads/pipelines/${enterprise}/statuses`, [
    {
      name: "Demo booked",
      sort: 20,
      color: "#87f2c0",
      descriptions: [
        { level: "master", description: 'Line one\nline "two" \\ three' },
        { level: "newbie", description: "Show the 📊 dashboard first" },
      ],
    },
    { name: "Qualified", sort: 30, color: "#ffdc7f" },
  ]);
  const main = (await api(url, "GET", "/api/v4/leads/pipelines"))._embedded.pipelines.find((p: any) => p.is_main);
  const first = main._embedded.statuses.find((s: any) => s.type === 0 && s.id !== 142 && s.id !== 143);
  await api(url, "PATCH", `/api/v4/leads/pipelines/${main.id}/statuses/${first.id}`, { name: "Initial contact ✨", color: "#fffeb2" });
}

beforeAll(async () => {
  [fresh, changed] = await Promise.all([startEmulator({ adminToken: TOKEN, rateLimit: 0 }), startEmulator({ adminToken: TOKEN, rateLimit: 0 })]);
  await changeByHand(changed.url);
  freshDir = tempDir();
  changedDir = tempDir();
  for (const [e, dir] of [[fresh, freshDir], [changed, changedDir]] as const) {
    const result = await cli(["export", "--out", dir], env(e));
    outputs.push(result.stdout, result.stderr);
    expect(result).toMatchObject({ code: 0, stderr: "" });
  }
});

afterAll(async () => {
  await Promise.all([fresh.close(), changed.close()]);
  for (const dir of [freshDir, changedDir]) fs.rmSync(dir, { recursive: true, force: true });
});

describe("export", () => {
  test("writes the project files, the stack config with the address and nowhere the token", () => {
    for (const [e, dir] of [[fresh, freshDir], [changed, changedDir]] as const) {
      expect(fs.readdirSync(dir).sort()).toEqual(FILES);
      expect(read(dir, "Pulumi.dev.yaml")).toBe(`config:\n  kommo:baseUrl: "${e.url}"\n`);
      expect(read(dir, "Pulumi.yaml")).toMatch(/^name: kommo-iac-\w+\n(.*\n)?runtime:\n  name: nodejs\n  options:\n    typescript: true\n/);
      const pkg = JSON.parse(read(dir, "package.json"));
      expect(pkg.dependencies).toEqual({ "@pulumi/pulumi": "3.248.0", "pulumi-kommo": "^0.1.0" });
      expect(read(dir, "README.md")).toMatch(/pulumi config set --secret kommo:accessToken .*\n(.*\n)*pulumi up/);
      for (const file of FILES) expect(read(dir, file)).not.toContain(TOKEN);
    }
    expect(outputs.join("")).not.toContain(TOKEN);
  });

  test("declares the emulator's default account exactly, every status adopted by id", async () => {
    const declared = declarations(read(freshDir, "index.ts"));
    expect(wiredById(declared)).toEqual(await expectedFromApi(fresh.url));
    expect(declared.map((d) => d.name)).toEqual([
      "pipeline",
      "pipeline-initial-contact",
      "pipeline-discussions",
      "pipeline-decision-making",
      "pipeline-contract-discussion",
    ]);
    // The default colors are not in the palette a Status takes, so they are left to Kommo, with a word why.
    expect(read(freshDir, "index.ts")).toContain('// color: left to Kommo, whose "#99ccff" is not one of the 21 colors a Status takes.');
  });

  test("declares an account changed by hand exactly: names, sorts, colors, descriptions, won and lost names", async () => {
    const declared = declarations(read(changedDir, "index.ts"));
    expect(wiredById(declared)).toEqual(await expectedFromApi(changed.url));

    const live = (await api(changed.url, "GET", "/api/v4/leads/pipelines"))._embedded.pipelines;
    const enterprise = live.find((p: any) => p.name.startsWith("Enterprise"));
    const russian = live.find((p: any) => p.name === "Продажи");
    const second = live.find((p: any) => p.name === "Pipeline" && !p.is_main);
    const statuses = (await api(changed.url, "GET", `/api/v4/leads/pipelines/${enterprise.id}/statuses`))._embedded.statuses;
    const status = (name: string, color: string) => statuses.find((s: any) => s.name === name && s.color === color);

    expect(declared.find((d) => d.name === "enterprise-deals-2024")).toEqual({
      type: "Pipeline",
      name: "enterprise-deals-2024",
      args: {
        name: 'Enterprise "Deals" \\ 2024 🚀',
        sort: 20,
        isMain: false,
        isUnsortedOn: false,
        wonStatusName: "Contract signed ✍️",
        lostStatusName: 'Lost \\ "no budget"',
        adopt: { id: enterprise.id },
      },
    });
    expect(declared.filter((d) => d.type === "Status" && (d.args.pipelineId as any).pipelineOf === "enterprise-deals-2024")).toEqual([
      {
        type: "Status",
        name: "enterprise-deals-2024-qualified",
        args: { pipelineId: { pipelineOf: "enterprise-deals-2024" }, name: "Qualified", sort: status("Qualified", "#98cbff").sort, color: "#98cbff", adopt: { id: status("Qualified", "#98cbff").id } },
      },
      {
        type: "Status",
        name: "enterprise-deals-2024-demo-booked",
        args: {
          pipelineId: { pipelineOf: "enterprise-deals-2024" },
          name: "Demo booked",
          sort: status("Demo booked", "#87f2c0").sort,
          color: "#87f2c0",
          descriptions: [
            { level: "newbie", description: "Show the 📊 dashboard first" },
            { level: "master", description: 'Line one\nline "two" \\ three' },
          ],
          adopt: { id: status("Demo booked", "#87f2c0").id },
        },
      },
      {
        // A second "Qualified" in the same pipeline: the clash is settled with the status id.
        type: "Status",
        name: `enterprise-deals-2024-qualified-${status("Qualified", "#ffdc7f").id}`,
        args: { pipelineId: { pipelineOf: "enterprise-deals-2024" }, name: "Qualified", sort: status("Qualified", "#ffdc7f").sort, color: "#ffdc7f", adopt: { id: status("Qualified", "#ffdc7f").id } },
      },
    ]);
    // Names with nothing ASCII in them fall back to the id; a second pipeline called "Pipeline" gets its id added.
    expect(declared.find((d) => d.name === `pipeline-${russian.id}`)?.args.name).toBe("Продажи");
    expect(declared.some((d) => d.name.startsWith(`pipeline-${russian.id}-status-`) && d.args.name === "Новый")).toBe(true);
    expect(declared.find((d) => d.name === `pipeline-${second.id}`)?.args.adopt).toEqual({ id: second.id });
    expect(declared.find((d) => d.name === "pipeline-initial-contact")?.args).toMatchObject({ name: "Initial contact ✨", color: "#fffeb2" });
  });

  test("writes readable code: one property a line, a blank line between resources, each pipeline in a const", () => {
    const source = read(changedDir, "index.ts");
    expect(source).toContain(
      [
        'const enterpriseDeals2024 = new kommo.Pipeline("enterprise-deals-2024", {',
        '  name: "Enterprise \\"Deals\\" \\\\ 2024 🚀",',
        "  sort: 20,",
        "  isMain: false,",
        "  isUnsortedOn: false,",
        '  wonStatusName: "Contract signed ✍️",',
        '  lostStatusName: "Lost \\\\ \\"no budget\\"",',
      ].join("\n"),
    );
    expect(source).toMatch(/\}\);\n\nnew kommo\.Status\("enterprise-deals-2024-qualified", \{\n  pipelineId: enterpriseDeals2024\.pipelineId,\n/);
  });

  test("the generated programs typecheck against the package's own types", () => {
    expect(typeErrors([freshDir, changedDir])).toEqual([]);
  });

  test("gives the same files for the same account, so a re-export diffs cleanly", async () => {
    const again = tempDir();
    try {
      expect((await cli(["export", "--out", again], env(changed))).code).toBe(0);
      for (const file of FILES.filter((f) => f !== "Pulumi.yaml" && f !== "package.json" && f !== "README.md")) {
        expect(read(again, file)).toBe(read(changedDir, file));
      }
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  test("takes the stack, project and package spec from flags", async () => {
    const dir = tempDir();
    try {
      const result = await cli(
        ["export", "--out", dir, "--stack", "prod", "--project", "crm", "--package-spec", "file:../pulumi-kommo-0.1.0.tgz", "--base-url", fresh.url, "--token", TOKEN],
        {},
      );
      expect(result.code).toBe(0);
      expect(fs.existsSync(path.join(dir, "Pulumi.prod.yaml"))).toBe(true);
      expect(read(dir, "Pulumi.yaml")).toMatch(/^name: crm\n/);
      expect(JSON.parse(read(dir, "package.json"))).toMatchObject({ name: "crm", dependencies: { "pulumi-kommo": "file:../pulumi-kommo-0.1.0.tgz" } });
      expect(read(dir, "README.md")).toContain("pulumi stack init prod");
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("will not overwrite an existing program without --force", async () => {
    const before = read(freshDir, "index.ts");
    fs.writeFileSync(path.join(freshDir, "index.ts"), "// mine\n");
    const refused = await cli(["export", "--out", freshDir], env(fresh));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already has .*index\.ts.*nothing was written\. Pass --force/);
    expect(read(freshDir, "index.ts")).toBe("// mine\n");
    expect((await cli(["export", "--out", freshDir, "--force"], env(fresh))).code).toBe(0);
    expect(read(freshDir, "index.ts")).toBe(before);
  });

  test("writes a subdomain back as kommo:subdomain", () => {
    const { files } = renderProject({ baseUrl: "https://acme.kommo.com", pipelines: [] }, { project: "p", stack: "dev", address: { subdomain: "acme" } });
    expect(files["Pulumi.dev.yaml"]).toBe('config:\n  kommo:subdomain: "acme"\n');
  });
});
