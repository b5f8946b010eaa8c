import { TOKEN, allFiles, liveStructure, world, type LivePipeline, type World } from "./harness";

/**
 * The real Pulumi CLI, through the Automation API, against the emulator over HTTP: one stack taken through its life
 * in order. Each step depends on the one before, as a user's stack does.
 */
jest.setTimeout(180_000);

const spec = (overrides: { offer?: object; colorOfLead?: string } = {}) => ({
  pipelines: [
    {
      key: "sales",
      name: "E2E Sales",
      sort: 10,
      wonStatusName: "Deal won",
      lostStatusName: "Deal lost",
      statuses: [
        {
          key: "lead",
          name: "New lead",
          sort: 10,
          color: overrides.colorOfLead ?? "#fffeb2",
          descriptions: [{ level: "newbie", description: "Call back within the hour ☎️" }],
        },
        { key: "meeting", name: "Meeting", sort: 20, color: "#98cbff" },
        { key: "offer", name: "Offer sent", sort: 30, color: "#87f2c0", ...overrides.offer },
        { key: "contract", name: "Contract", sort: 40 },
      ],
    },
    {
      key: "support",
      name: "E2E Support",
      sort: 20,
      statuses: [
        { key: "triage", name: "Triage", sort: 10, color: "#ffc8c8" },
        { key: "solving", name: "Solving", sort: 20, color: "#ebffb1" },
      ],
    },
  ],
});

const regular = (p: LivePipeline) => p.statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143);
const byName = (live: LivePipeline[], name: string) => {
  const p = live.find((x) => x.name === name);
  if (!p) throw new Error(`no pipeline "${name}" in ${JSON.stringify(live.map((x) => x.name))}`);
  return p;
};

const noChanges = (summary: Record<string, number | undefined>) =>
  Object.entries(summary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0);

let w: World;
let initial: LivePipeline[];

beforeAll(async () => {
  w = await world("program");
  initial = await liveStructure(w);
});

afterAll(async () => {
  await w?.close();
});

test("1. up creates exactly the declared structure", async () => {
  await w.stack.setConfig("spec", { value: JSON.stringify(spec()) });
  const up = await w.stack.up();
  expect(up.summary.result).toBe("succeeded");
  expect(up.summary.resourceChanges?.create).toBe(9);

  const live = await liveStructure(w);
  expect(live.map((p) => p.name)).toEqual([...initial.map((p) => p.name), "E2E Sales", "E2E Support"]);
  const sales = byName(live, "E2E Sales");
  expect(regular(sales).map((s) => [s.name, s.color])).toEqual([
    ["New lead", "#fffeb2"],
    ["Meeting", "#98cbff"],
    ["Offer sent", "#87f2c0"],
    ["Contract", expect.any(String)],
  ]);
  expect(regular(sales)[0].descriptions?.map((d) => [d.level, d.description])).toEqual([
    ["newbie", "Call back within the hour ☎️"],
  ]);
  expect(sales.statuses.find((s) => s.id === 142)?.name).toBe("Deal won");
  expect(sales.statuses.find((s) => s.id === 143)?.name).toBe("Deal lost");
  expect(regular(byName(live, "E2E Support")).map((s) => s.name)).toEqual(["Triage", "Solving"]);
  // The account's own pipeline is untouched.
  expect(live.filter((p) => initial.some((i) => i.id === p.id))).toEqual(initial);
});

test("the state never holds the access token, and the serialized provider stays small", async () => {
  const files = allFiles(w.backendDir);
  expect(files.length).toBeGreaterThan(0);
  for (const { file, text } of files) {
    if (text.includes(TOKEN)) throw new Error(`the access token is in ${file}`);
  }
  const state = await w.stack.exportStack();
  const sizes = (state.deployment.resources as { type: string; outputs?: { __provider?: string } }[])
    .filter((r) => r.outputs?.__provider)
    .map((r) => ({ type: r.type, bytes: Buffer.byteLength(r.outputs!.__provider!) }));
  expect(sizes).toHaveLength(8);
  console.log(
    `serialized provider per resource: ${[...new Set(sizes.map((s) => `${s.type} ${s.bytes} B`))].join(", ")}`,
  );
  for (const s of sizes) expect(s.bytes).toBeLessThan(4096);
});

test("2. preview, and refresh then preview, report no changes", async () => {
  const preview = await w.stack.preview();
  expect(noChanges(preview.changeSummary)).toEqual([]);
  const refresh = await w.stack.refresh();
  expect(noChanges(refresh.summary.resourceChanges ?? {})).toEqual([]);
  const again = await w.stack.preview();
  expect(noChanges(again.changeSummary)).toEqual([]);
});

test("3. renaming, recoloring, new descriptions and a new sort update in place", async () => {
  const offer = {
    name: "Proposal sent",
    color: "#f3beff",
    sort: 15,
    descriptions: [
      { level: "candidate", description: "Attach the price list" },
      { level: "master", description: "Offer the annual discount" },
    ],
  };
  await w.stack.setConfig("spec", { value: JSON.stringify(spec({ offer })) });
  const preview = await w.stack.preview();
  expect(preview.changeSummary).toMatchObject({ update: 1 });
  expect(preview.changeSummary.replace ?? 0).toBe(0);
  const up = await w.stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
  expect(up.summary.resourceChanges?.replace ?? 0).toBe(0);
  expect(up.summary.resourceChanges?.create ?? 0).toBe(0);

  const sales = byName(await liveStructure(w), "E2E Sales");
  expect(regular(sales).map((s) => s.name)).toEqual(["New lead", "Proposal sent", "Meeting", "Contract"]);
  const moved = regular(sales)[1];
  expect(moved.color).toBe("#f3beff");
  expect(moved.descriptions?.map((d) => [d.level, d.description]).sort()).toEqual([
    ["candidate", "Attach the price list"],
    ["master", "Offer the annual discount"],
  ]);
  expect(noChanges((await w.stack.preview()).changeSummary)).toEqual([]);
});

test("4. a status deleted outside Pulumi leaves state on refresh and comes back on up", async () => {
  const sales = byName(await liveStructure(w), "E2E Sales");
  const meeting = regular(sales).find((s) => s.name === "Meeting")!;
  expect((await w.api("DELETE", `/api/v4/leads/pipelines/${sales.id}/statuses/${meeting.id}`)).status).toBe(204);

  const refresh = await w.stack.refresh();
  expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
  const up = await w.stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ create: 1 });

  const after = byName(await liveStructure(w), "E2E Sales");
  expect(regular(after).map((s) => s.name)).toEqual(["New lead", "Proposal sent", "Meeting", "Contract"]);
  expect(regular(after).find((s) => s.name === "Meeting")!.id).not.toBe(meeting.id);
});

test("5. a bad input fails at preview, names the property, and changes nothing", async () => {
  const before = await liveStructure(w);
  await w.stack.setConfig("spec", { value: JSON.stringify(spec({ colorOfLead: "#123456" })) });
  const failure = await w.stack.preview().then(
    () => undefined,
    (e: unknown) => String(e),
  );
  expect(failure).toBeDefined();
  expect(failure).toMatch(/color/);
  expect(failure).toMatch(/#123456/);
  expect(failure).toMatch(/palette/);
  expect(failure).not.toContain(TOKEN);
  expect(await liveStructure(w)).toEqual(before);
});

test("6. destroy leaves the emulator as it started", async () => {
  const destroy = await w.stack.destroy();
  expect(destroy.summary.result).toBe("succeeded");
  expect(await liveStructure(w)).toEqual(initial);
  for (const { file, text } of allFiles(w.backendDir)) {
    if (text.includes(TOKEN)) throw new Error(`the access token is in ${file}`);
  }
});
