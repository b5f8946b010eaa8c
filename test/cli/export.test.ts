import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { renderProject } from "../../cli/export/files";
import { renderProgram } from "../../cli/export/program";
import type { LiveStatus } from "../../cli/account";
import { createProvider } from "../../provider/runtime/provider";
import type { PipelineInputs } from "../../provider/runtime/types";
import { api, cli, declarations, read, tempDir, TOKEN, typeErrors, type Declared } from "./support";

const PALETTE = new Set([
  "#fffeb2",
  "#fffd7f",
  "#fff000",
  "#ffeab2",
  "#ffdc7f",
  "#ffce5a",
  "#ffdbdb",
  "#ffc8c8",
  "#ff8f92",
  "#d6eaff",
  "#c1e0ff",
  "#98cbff",
  "#ebffb1",
  "#deff81",
  "#87f2c0",
  "#f9deff",
  "#f3beff",
  "#ccc8f9",
  "#eb93ff",
  "#f2f3f4",
  "#e6e8ea",
]);
const LEVELS = ["newbie", "candidate", "master"];
const FILES = [
  ".gitignore",
  "Pulumi.dev.yaml",
  "Pulumi.yaml",
  "README.md",
  "index.ts",
  "package.json",
  "tsconfig.json",
];

const bySort = (a: { sort: number; id: number }, b: { sort: number; id: number }) => a.sort - b.sort || a.id - b.id;
const isRegular = (s: any) => s.type === 0 && s.id !== 142 && s.id !== 143;

/**
 * What index.ts must declare, worked out from the API's own answers: one Pipeline per pipeline in sort order, with
 * its live values and its regular statuses as the inline list, in Kommo's order. Keys are compared apart
 * (`withoutKeys`), since only stages whose name an earlier one has get one.
 */
async function expectedFromApi(url: string): Promise<Array<Omit<Declared, "name">>> {
  const { _embedded } = await api(url, "GET", "/api/v4/leads/pipelines");
  const result: Array<Omit<Declared, "name">> = [];
  for (const p of [..._embedded.pipelines].sort(bySort)) {
    const statuses = (await api(url, "GET", `/api/v4/leads/pipelines/${p.id}/statuses?with=descriptions`))._embedded
      .statuses;
    const named = (id: number) => statuses.find((s: any) => s.id === id)?.name;
    const stages = [...statuses]
      .sort(bySort)
      .filter(isRegular)
      .map((s: any) => {
        const descriptions = (s.descriptions ?? [])
          .map((d: any) => ({ level: d.level, description: d.description }))
          .sort((a: any, b: any) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
        return {
          name: s.name,
          ...(PALETTE.has(s.color.toLowerCase()) ? { color: s.color.toLowerCase() } : {}),
          ...(descriptions.length ? { descriptions } : {}),
        };
      });
    result.push({
      type: "Pipeline",
      args: {
        name: p.name,
        sort: p.sort,
        isMain: p.is_main,
        isUnsortedOn: p.is_unsorted_on,
        wonStatusName: named(142),
        lostStatusName: named(143),
        adopt: { id: p.id },
        ...(stages.length ? { statuses: stages } : {}),
      },
    });
  }
  return result;
}

function withoutKeys(declared: Declared[]): Array<Omit<Declared, "name">> {
  return declared.map(({ type, args }) => ({
    type,
    args: Array.isArray(args.statuses)
      ? { ...args, statuses: args.statuses.map(({ key: _key, ...stage }) => stage) }
      : args,
  }));
}

const keysOf = (d: Declared | undefined) => ((d?.args.statuses ?? []) as { key?: string }[]).map((st) => st.key);

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
    {
      name: "Продажи",
      sort: 30,
      is_main: false,
      is_unsorted_on: true,
      _embedded: { statuses: [{ name: "Новый", sort: 10 }] },
    },
    // Left without a regular stage, which this emulator allows (pipelineNeedsStatus: false).
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
  const first = main._embedded.statuses.find(isRegular);
  await api(url, "PATCH", `/api/v4/leads/pipelines/${main.id}/statuses/${first.id}`, {
    name: "Initial contact ✨",
    color: "#fffeb2",
  });
}

beforeAll(async () => {
  [fresh, changed] = await Promise.all([
    startEmulator({ adminToken: TOKEN, rateLimit: 0 }),
    startEmulator({ adminToken: TOKEN, rateLimit: 0, behaviour: { pipelineNeedsStatus: false } }),
  ]);
  await changeByHand(changed.url);
  freshDir = tempDir();
  changedDir = tempDir();
  for (const [e, dir] of [
    [fresh, freshDir],
    [changed, changedDir],
  ] as const) {
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
    for (const [e, dir] of [
      [fresh, freshDir],
      [changed, changedDir],
    ] as const) {
      expect(fs.readdirSync(dir).sort()).toEqual(FILES);
      expect(read(dir, "Pulumi.dev.yaml")).toBe(`config:\n  kommo:baseUrl: "${e.url}"\n`);
      expect(read(dir, "Pulumi.yaml")).toMatch(
        /^name: kommo-iac-\w+\n(.*\n)?runtime:\n {2}name: nodejs\n {2}options:\n {4}typescript: true\n/,
      );
      const pkg = JSON.parse(read(dir, "package.json"));
      // The exact version it was exported by, and the @pulumi/pulumi it is tested with: pulumi-kommo only names
      // the SDK as a peer, so the program must bring its own copy.
      const own = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
      expect(pkg).toMatchObject({
        private: true,
        main: "index.ts",
        dependencies: { "pulumi-kommo": own.version, "@pulumi/pulumi": own.devDependencies["@pulumi/pulumi"] },
      });
      expect(read(dir, "README.md")).toMatch(/pulumi config set --secret kommo:accessToken .*\n(.*\n)*pulumi up/);
      for (const file of FILES) expect(read(dir, file)).not.toContain(TOKEN);
    }
    expect(outputs.join("")).not.toContain(TOKEN);
  });

  test("says what it exported, counting pipelines and regular stages", () => {
    expect(outputs[0]).toMatch(new RegExp(`^Exported 1 pipeline\\(s\\) and 4 status\\(es\\) from ${fresh.url} to `));
    expect(outputs[0]).toContain("4 status color(s) are outside the palette and stay Kommo's; see index.ts.\n");
    expect(outputs[2]).toMatch(/^Exported 4 pipeline\(s\) and 8 status\(es\) from /);
  });

  test("declares the emulator's default account exactly: one Pipeline, its stages inline, adopted by id", async () => {
    const declared = declarations(read(freshDir, "index.ts"));
    expect(withoutKeys(declared)).toEqual(await expectedFromApi(fresh.url));
    expect(declared.map((d) => `${d.type} ${d.name}`)).toEqual(["Pipeline pipeline"]);
    expect(keysOf(declared[0])).toEqual([undefined, undefined, undefined, undefined]);
    // The default color is not in the palette a stage takes, so it is left to Kommo, with a word why.
    expect(read(freshDir, "index.ts")).toContain(
      '    { name: "Initial contact" }, // color: left to Kommo, whose "#99ccff" is not one of the 21 palette colors.\n',
    );
  });

  test("declares an account changed by hand exactly: names, order, colors, descriptions, won and lost names", async () => {
    const declared = declarations(read(changedDir, "index.ts"));
    expect(withoutKeys(declared)).toEqual(await expectedFromApi(changed.url));
    expect(declared.every((d) => d.type === "Pipeline")).toBe(true);

    const live = (await api(changed.url, "GET", "/api/v4/leads/pipelines"))._embedded.pipelines;
    const enterprise = live.find((p: any) => p.name.startsWith("Enterprise"));
    const russian = live.find((p: any) => p.name === "Продажи");
    const empty = live.find((p: any) => p.name === "Pipeline" && !p.is_main);
    const statuses = (await api(changed.url, "GET", `/api/v4/leads/pipelines/${enterprise.id}/statuses`))._embedded
      .statuses;
    const secondQualified = statuses.find((s: any) => s.name === "Qualified" && s.color === "#ffdc7f");

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
        statuses: [
          { name: "Qualified", color: "#98cbff" },
          {
            name: "Demo booked",
            color: "#87f2c0",
            descriptions: [
              { level: "newbie", description: "Show the 📊 dashboard first" },
              { level: "master", description: 'Line one\nline "two" \\ three' },
            ],
          },
          // A second "Qualified" in the same pipeline: its key tells it apart, with its id, stable across exports.
          { key: `Qualified (${secondQualified.id})`, name: "Qualified", color: "#ffdc7f" },
        ],
      },
    });
    // Names with nothing ASCII in them fall back to the id; a second pipeline called "Pipeline" gets its id added.
    expect(declared.find((d) => d.name === `pipeline-${russian.id}`)?.args).toMatchObject({
      name: "Продажи",
      statuses: [{ name: "Новый" }],
    });
    // A pipeline with no regular stage declares no list (a list needs one) and says so.
    const second = declared.find((d) => d.name === `pipeline-${empty.id}`);
    expect(second?.args.adopt).toEqual({ id: empty.id });
    expect(second?.args).not.toHaveProperty("statuses");
    expect(read(changedDir, "index.ts")).toContain(
      `  adopt: { id: ${empty.id} },\n  // No regular stage in Kommo, and a list needs one: add \`statuses\` here, or extend it with Status resources.\n});`,
    );
    expect(declared.find((d) => d.name === "pipeline")?.args.statuses).toContainEqual({
      name: "Initial contact ✨",
      color: "#fffeb2",
    });
  });

  test("writes readable code: one property a line, one stage a line unless it has descriptions", () => {
    const source = read(changedDir, "index.ts");
    const demo = [
      "    {",
      '      name: "Demo booked",',
      '      color: "#87f2c0",',
      "      descriptions: [",
      '        { level: "newbie", description: "Show the 📊 dashboard first" },',
      '        { level: "master", description: "Line one\\nline \\"two\\" \\\\ three" },',
      "      ],",
      "    },",
    ];
    expect(source).toMatch(
      new RegExp(
        escape(
          [
            'new kommo.Pipeline("enterprise-deals-2024", {',
            '  name: "Enterprise \\"Deals\\" \\\\ 2024 🚀",',
            "  sort: 20,",
            "  isMain: false,",
            "  isUnsortedOn: false,",
            '  wonStatusName: "Contract signed ✍️",',
            '  lostStatusName: "Lost \\\\ \\"no budget\\"",',
            "  adopt: { id: ",
          ].join("\n"),
        ) +
          "\\d+" +
          escape(
            [
              " },",
              "  statuses: [",
              '    { name: "Qualified", color: "#98cbff" },',
              ...demo,
              '    { key: "Qualified (',
            ].join("\n"),
          ) +
          "\\d+" +
          escape([')", name: "Qualified", color: "#ffdc7f" },', "  ],", "});", ""].join("\n")),
      ),
    );
    // A blank line between pipelines, and no Status resource at all.
    expect(source).toMatch(/\n\}\);\n\nnew kommo\.Pipeline\(/);
    expect(source).not.toContain("kommo.Status");
  });

  test("the generated programs typecheck against the package's own types", () => {
    expect(typeErrors([freshDir, changedDir])).toEqual([]);
  });

  test("the exported lists adopt with no write: the provider matches every stage to its own status", async () => {
    await api(changed.url, "DELETE", "/_emulator/requests");
    const provider = createProvider({ KOMMO_BASE_URL: changed.url, KOMMO_ACCESS_TOKEN: TOKEN, KOMMO_RATE_LIMIT: "0" });
    for (const { args } of declarations(read(changedDir, "index.ts"))) {
      const checked = await provider.pipeline.check({}, args as unknown as PipelineInputs);
      expect(checked.failures).toEqual([]);
      const { id, outs } = await provider.pipeline.create(checked.inputs as PipelineInputs);
      expect(Number(id)).toBe((args.adopt as { id: number }).id);
      const live = (await api(changed.url, "GET", `/api/v4/leads/pipelines/${id}/statuses`))._embedded.statuses
        .sort(bySort)
        .filter(isRegular);
      const keys = ((args.statuses ?? []) as { key?: string; name: string }[]).map((st) => st.key ?? st.name);
      expect(outs?.statusIds).toEqual(Object.fromEntries(keys.map((key, i) => [key, live[i].id])));
    }
    const log = await api<{ method: string }[]>(changed.url, "GET", "/_emulator/requests");
    expect(log.length).toBeGreaterThan(0);
    expect(log.filter((r) => r.method !== "GET")).toEqual([]);
  });

  test("gives the same files for the same account, so a re-export diffs cleanly", async () => {
    const again = tempDir();
    try {
      expect((await cli(["export", "--out", again], env(changed))).code).toBe(0);
      // The project name comes from the directory's name, so only the files that hold it differ.
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
        [
          "export",
          "--out",
          dir,
          "--stack",
          "prod",
          "--project",
          "crm",
          "--package-spec",
          "file:../pulumi-kommo-0.1.0.tgz",
          "--base-url",
          fresh.url,
          "--token",
          TOKEN,
        ],
        {},
      );
      expect(result.code).toBe(0);
      expect(fs.existsSync(path.join(dir, "Pulumi.prod.yaml"))).toBe(true);
      expect(read(dir, "Pulumi.yaml")).toMatch(/^name: crm\n/);
      expect(JSON.parse(read(dir, "package.json"))).toMatchObject({
        name: "crm",
        dependencies: { "pulumi-kommo": "file:../pulumi-kommo-0.1.0.tgz" },
      });
      expect(read(dir, "README.md")).toContain("pulumi stack init prod");
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("will not overwrite an existing program without --force: exit 1, the reason, nothing written", async () => {
    const before = read(freshDir, "index.ts");
    fs.writeFileSync(path.join(freshDir, "index.ts"), "// mine\n");
    const refused = await cli(["export", "--out", freshDir], env(fresh));
    // The same exit status and message as a file error: not bad usage, so no usage text after it.
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(
      new RegExp(
        `^kommo-iac export: ${escape(freshDir)} already has [^\\n]*\\bindex\\.ts\\b[^\\n]*; nothing was written\\. Pass --force to overwrite\\.\\n$`,
      ),
    );
    expect(read(freshDir, "index.ts")).toBe("// mine\n");
    expect((await cli(["export", "--out", freshDir, "--force"], env(fresh))).code).toBe(0);
    expect(read(freshDir, "index.ts")).toBe(before);
  });

  test("writes a subdomain back as kommo:subdomain", () => {
    const { files } = renderProject(
      { baseUrl: "https://acme.kommo.com", pipelines: [] },
      { project: "p", stack: "dev", address: { subdomain: "acme" } },
    );
    expect(files["Pulumi.dev.yaml"]).toBe('config:\n  kommo:subdomain: "acme"\n');
  });
});

describe("renderProgram", () => {
  const stage = (id: number, name: string, descriptions: LiveStatus["descriptions"] = []): LiveStatus => ({
    id,
    name,
    sort: id * 10,
    color: "#98CBFF",
    type: 0,
    descriptions,
  });
  const account = (...statuses: LiveStatus[]) => ({
    baseUrl: "https://acme.kommo.com",
    pipelines: [{ id: 9, name: "Sales", sort: 1, isMain: true, isUnsortedOn: true, isArchive: false, statuses }],
  });
  const stagesOf = (...statuses: LiveStatus[]) =>
    declarations(renderProgram(account(...statuses)).text)[0]?.args.statuses;

  test("gives a key only to a repeated name, one that is no other stage's name or key", () => {
    // The third stage is called what the second's key would be, so that key takes the id twice.
    expect(stagesOf(stage(1, "Call"), stage(2, "Call"), stage(3, "Call (2)"), stage(4, "Call"))).toEqual([
      { name: "Call", color: "#98cbff" },
      { key: "Call (2) (2)", name: "Call", color: "#98cbff" },
      { name: "Call (2)", color: "#98cbff" },
      { key: "Call (4)", name: "Call", color: "#98cbff" },
    ]);
  });

  test("a description at a level a stage does not take is left out, with a note that says what up does with it", () => {
    const odd = { level: "expert", description: "Hidden" };
    const managed = renderProgram(
      account(stage(1, "A", [odd]), stage(2, "B", [{ level: "master", description: "Known" }])),
    );
    expect(managed.summary).toEqual({ pipelines: 1, statuses: 2, unmanagedColors: 0, droppedDescriptions: 1 });
    expect(declarations(managed.text)[0]?.args.statuses).toEqual([
      { name: "A", color: "#98cbff" },
      { name: "B", color: "#98cbff", descriptions: [{ level: "master", description: "Known" }] },
    ]);
    expect(managed.text).toContain(
      '  // Not declared: a description at level "expert", which a stage does not take; the first `up` removes it.\n',
    );
    const unmanaged = renderProgram(account(stage(1, "A", [odd])));
    expect(unmanaged.text).toContain("it stays, since no stage of this list declares descriptions.");
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
