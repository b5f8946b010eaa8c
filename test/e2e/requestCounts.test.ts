import { world, type World } from "./harness";

/**
 * The fewest requests the API permits, counted by the emulator under the real CLI, for both styles of stages.
 * Every count here is one the README and docs/benchmark.md explain.
 */
jest.setTimeout(180_000);

const STAGES = ["Lead", "Meeting", "Offer"];

const inlineSpec = (change: { rename?: boolean; insert?: boolean } = {}) => ({
  pipelines: ["North", "South"].map((region, p) => {
    const names = STAGES.map((name, s) => (change.rename && p === 0 && s === 0 ? "Hot lead" : name));
    if (change.insert && p === 1) names.splice(1, 0, "Call back");
    return {
      key: `p${p}`,
      name: `${region} inline`,
      sort: 10 + p,
      stages: names.map((name, s) => ({ key: s === 0 && p === 0 ? "lead" : name, name, color: "#fffeb2" })),
    };
  }),
});

const separateSpec = (renamed = false) => ({
  pipelines: ["North", "South"].map((region, p) => ({
    key: `p${p}`,
    name: `${region} separate`,
    sort: 20 + p,
    statuses: STAGES.map((name, s) => ({
      key: `p${p}s${s}`,
      name: renamed && p === 0 && s === 0 ? "Hot lead" : name,
      sort: (s + 1) * 10,
      color: "#fffeb2",
      ...(s === 0 ? { descriptions: [{ level: "newbie", description: `Start here (${region})` }] } : {}),
    })),
  })),
});

describe("inline stage lists", () => {
  let w: World;

  beforeAll(async () => {
    w = await world("program", "counts-inline");
    await w.stack.setConfig("spec", { value: JSON.stringify(inlineSpec()) });
    await w.requests();
  });
  afterAll(async () => {
    await w?.close();
  });

  test("up from empty: one look at the account, then one POST for both pipelines and all their stages", async () => {
    await w.stack.up();
    expect(await w.requests()).toEqual({
      byMethod: { GET: 1, POST: 1 },
      total: 2,
      n429: 0,
      provider429: 0,
      applied: 1,
    });
  });

  test("a preview with nothing changed makes no request", async () => {
    const preview = await w.stack.preview();
    expect(preview.changeSummary.same).toBe(3);
    expect((await w.requests()).total).toBe(0);
  });

  test("an up with nothing changed makes no request", async () => {
    await w.stack.up();
    expect((await w.requests()).total).toBe(0);
  });

  test("refresh reads the pipeline list once", async () => {
    await w.stack.refresh();
    expect(await w.requests()).toEqual({ byMethod: { GET: 1 }, total: 1, n429: 0, provider429: 0, applied: 0 });
  });

  test("renaming one stage sends one PATCH and nothing else", async () => {
    await w.stack.setConfig("spec", { value: JSON.stringify(inlineSpec({ rename: true })) });
    await w.stack.up();
    expect(await w.requests()).toEqual({ byMethod: { PATCH: 1 }, total: 1, n429: 0, provider429: 0, applied: 1 });
  });

  test("inserting a stage in the middle: one POST, then one GET to check where Kommo put it", async () => {
    await w.stack.setConfig("spec", { value: JSON.stringify(inlineSpec({ rename: true, insert: true })) });
    await w.stack.up();
    expect(await w.requests()).toEqual({
      byMethod: { POST: 1, GET: 1 },
      total: 2,
      n429: 0,
      provider429: 0,
      applied: 1,
    });
  });

  test("destroy deletes each pipeline once, its stages with it, after one look per pipeline for leads in the way", async () => {
    await w.stack.destroy();
    expect(await w.requests()).toEqual({
      byMethod: { DELETE: 2, GET: 2 },
      total: 4,
      n429: 0,
      provider429: 0,
      applied: 2,
    });
  });
});

describe("Status resources", () => {
  let w: World;

  beforeAll(async () => {
    w = await world("program", "counts-separate");
    await w.stack.setConfig("spec", { value: JSON.stringify(separateSpec()) });
    await w.requests();
  });
  afterAll(async () => {
    await w?.close();
  });

  // The first stage of each pipeline has a description: taking the placeholder over sends it first, under the
  // placeholder's name, then the name and color, so that an interrupted run finds the placeholder again.
  test("up from empty: one POST for both pipelines; per pipeline two PATCHes to take over its first stage, one POST for the rest and one GET to check the order", async () => {
    await w.stack.up();
    expect(await w.requests()).toEqual({
      byMethod: { GET: 3, POST: 3, PATCH: 4 },
      total: 10,
      n429: 0,
      provider429: 0,
      applied: 7,
    });
  });

  test("a preview with nothing changed makes no request", async () => {
    const preview = await w.stack.preview();
    expect(preview.changeSummary.same).toBe(9);
    expect((await w.requests()).total).toBe(0);
  });

  test("an up with nothing changed makes no request", async () => {
    await w.stack.up();
    expect((await w.requests()).total).toBe(0);
  });

  test("refresh reads the pipeline list once and each pipeline's statuses once", async () => {
    await w.stack.refresh();
    expect(await w.requests()).toEqual({ byMethod: { GET: 3 }, total: 3, n429: 0, provider429: 0, applied: 0 });
  });

  test("renaming one status sends one PATCH and nothing else", async () => {
    await w.stack.setConfig("spec", { value: JSON.stringify(separateSpec(true)) });
    await w.stack.up();
    expect(await w.requests()).toEqual({ byMethod: { PATCH: 1 }, total: 1, n429: 0, provider429: 0, applied: 1 });
  });

  test("destroy deletes each status and each pipeline once, after one look per pipeline for leads in the way", async () => {
    await w.stack.destroy();
    expect(await w.requests()).toEqual({
      byMethod: { DELETE: 8, GET: 2 },
      total: 10,
      n429: 0,
      provider429: 0,
      applied: 8,
    });
  });
});
