import { world, type World } from "./harness";

/**
 * Issue 4's promise, counted by the emulator under the real CLI: the fewest requests the API permits, batched
 * creates, coalesced reads, and nothing at all for a preview with nothing to do.
 */
jest.setTimeout(180_000);

const spec = (renamed = false) => ({
  pipelines: ["North", "South"].map((region, p) => ({
    key: `p${p}`,
    name: `${region} sales`,
    sort: 10 + p,
    statuses: ["Lead", "Meeting", "Offer"].map((name, s) => ({
      key: `p${p}s${s}`,
      name: renamed && p === 0 && s === 0 ? "Hot lead" : name,
      sort: (s + 1) * 10,
      color: "#fffeb2",
      ...(s === 0 ? { descriptions: [{ level: "newbie", description: `Start here (${region})` }] } : {}),
    })),
  })),
});

let w: World;

beforeAll(async () => {
  w = await world("program", "counts");
  await w.stack.setConfig("spec", { value: JSON.stringify(spec()) });
  await w.requests();
});

afterAll(async () => {
  await w?.close();
});

test("up from empty: one POST for both pipelines, one POST of statuses per pipeline, no reads", async () => {
  await w.stack.up();
  expect(await w.requests()).toEqual({ byMethod: { POST: 3 }, total: 3, n429: 0, applied: 3 });
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
  expect(await w.requests()).toEqual({ byMethod: { GET: 3 }, total: 3, n429: 0, applied: 0 });
});

test("renaming one status sends one PATCH and nothing else", async () => {
  await w.stack.setConfig("spec", { value: JSON.stringify(spec(true)) });
  await w.stack.up();
  expect(await w.requests()).toEqual({ byMethod: { PATCH: 1 }, total: 1, n429: 0, applied: 1 });
});

test("destroy deletes each status and each pipeline once, after one look per pipeline for leads in the way", async () => {
  await w.stack.destroy();
  expect(await w.requests()).toEqual({ byMethod: { DELETE: 8, GET: 2 }, total: 10, n429: 0, applied: 8 });
});
