import fc from "fast-check";
import { configure, pipeline, resetSession, status } from "../../../../provider/runtime";
import type { PipelineInputs, PipelineOutputs, StatusInputs, StatusOutputs } from "../../../../provider/runtime/types";
import type { BatchApply, StatusPlacement } from "../../../../emulator";
import { TestApi } from "../../../emulator/harness";
import { configRequest } from "../../support";

/**
 * Property: whatever the board looks like after hands have been at it (dense numbers, equal numbers) and whatever
 * order is declared next, one update brings Kommo's order to the declared one, under every combination of the
 * emulator's placement switches. The runtime gives up after a bounded number of rounds, so an update that returns
 * has converged within that bound; the calls each case took are counted and printed.
 */

jest.setTimeout(600_000);

type SortNumbers = "tens" | "kept";
const COMBOS: [StatusPlacement, BatchApply, SortNumbers][] = (["insert", "append"] as const).flatMap((placement) =>
  (["whole", "itemwise"] as const).flatMap((apply) =>
    (["tens", "kept"] as const).map((numbers): [StatusPlacement, BatchApply, SortNumbers] => [
      placement,
      apply,
      numbers,
    ]),
  ),
);

const RUNS = 12;

/** A board of n stages, the numbers a hand gave them (close together, ties allowed), and the next declared order. */
const cases = fc.integer({ min: 2, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    // Consecutive numbers in a shuffled order (no whole number free anywhere), or numbers with ties.
    handSorts: fc.oneof(
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => 11 + i),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.integer({ min: 11, max: 11 + Math.ceil(n / 2) }), { minLength: n, maxLength: n }),
    ),
    kept: fc.shuffledSubarray(
      Array.from({ length: n }, (_, i) => i),
      { minLength: 1 },
    ),
    added: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }),
  }),
);

/** The declared names: the kept old stages in shuffled order, with new ones inserted at the given positions. */
function declaredNames(c: { kept: number[]; added: number[] }): string[] {
  const names = c.kept.map((i) => `S${i}`);
  c.added.forEach((at, j) => names.splice(at % (names.length + 1), 0, `N${j}`));
  return names;
}

let api: TestApi;
const figures: string[] = [];

afterAll(() => {
  // The figures a reader of the test output gets: how many requests the convergence took, per combination.
  process.stdout.write(
    `calls per converging update (writes / reads, max over ${RUNS} cases):\n${figures.join("\n")}\n`,
  );
});

async function useEmulator(placement: StatusPlacement, apply: BatchApply, numbers: SortNumbers) {
  api = await TestApi.start({
    behaviour: { statusPlacement: placement, batchApply: apply, statusSortNumbers: numbers },
  });
}

/** Each `pulumi up` or `refresh` is a provider process of its own, with no reading left from the one before. */
async function newProcess(): Promise<void> {
  resetSession();
  await configure(
    configRequest({ "kommo:baseUrl": api.url, "kommo:accessToken": api.emulator.adminToken, "kommo:rateLimit": "0" }),
  );
}

/** Sets the stages' numbers by hand, as someone dragging cards in Kommo's settings might leave them. */
async function drift(pipelineId: number, sorts: number[]): Promise<void> {
  const regular = (await api.statuses(pipelineId)).filter((s: any) => s.type === 0 && s.id !== 142 && s.id !== 143);
  for (const [i, s] of regular.entries()) {
    const sort = sorts[i];
    if (sort === undefined) continue;
    const r = await api.patch(`/api/v4/leads/pipelines/${pipelineId}/statuses/${s.id}`, { name: s.name, sort });
    expect(r.status).toBe(200);
  }
}

async function regularNames(pipelineId: number): Promise<string[]> {
  return (await api.statuses(pipelineId))
    .filter((s: any) => s.type === 0 && s.id !== 142 && s.id !== 143)
    .map((s: any) => s.name as string);
}

async function counted<T>(work: () => Promise<T>): Promise<{ result: T; writes: number; reads: number }> {
  const before = (await api.log()).length;
  const result = await work();
  const made = (await api.log()).slice(before).filter((r) => r.path.startsWith("/api/"));
  const writes = made.filter((r) => r.method !== "GET").length;
  return { result, writes, reads: made.length - writes };
}

describe.each(COMBOS)("statusPlacement %s, batchApply %s, statusSortNumbers %s", (placement, apply, numbers) => {
  beforeAll(() => useEmulator(placement, apply, numbers));
  afterAll(() => api.close());

  test("an inline stage list: any hand-made board, any declared list, one update", async () => {
    let most = { writes: 0, reads: 0 };
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        await newProcess();
        const first = (
          await pipeline.check({}, {
            name: "Board",
            sort: 10,
            statuses: Array.from({ length: c.n }, (_, i) => ({ name: `S${i}` })),
          } as PipelineInputs)
        ).inputs as PipelineInputs;
        const created = await pipeline.create(first);
        const id = Number(created.id);
        await drift(id, c.handSorts);
        await newProcess();
        const refreshed = await pipeline.read(created.id, created.outs as PipelineOutputs);
        const names = declaredNames(c);
        const news = (
          await pipeline.check(
            refreshed.inputs as PipelineInputs,
            {
              name: "Board",
              sort: 10,
              statuses: names.map((name) => ({ name })),
            } as PipelineInputs,
          )
        ).inputs as PipelineInputs;
        const { writes, reads } = await counted(() =>
          pipeline.update(created.id, refreshed.props as PipelineOutputs, news),
        );
        expect(await regularNames(id)).toEqual(names);
        // A bound no converging update needs to reach: deletes, creates, and at most a shift per stage per move.
        const n = Math.max(c.n, names.length);
        expect(writes).toBeLessThanOrEqual(n * (n + 2));
        most = { writes: Math.max(most.writes, writes), reads: Math.max(most.reads, reads) };
        await pipeline.delete(created.id, refreshed.props as PipelineOutputs);
      }),
      { numRuns: RUNS, seed: 15 },
    );
    figures.push(`  inline, ${placement}/${apply}/${numbers}: ${most.writes} / ${most.reads}`);
  });

  test("Status resources: any hand-made board, any new declared sorts, updated together", async () => {
    let most = { writes: 0, reads: 0 };
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        await newProcess();
        const p = await pipeline.create(
          (await pipeline.check({}, { name: "Staged", sort: 20 })).inputs as PipelineInputs,
        );
        const pipelineId = Number(p.id);
        const declared = (i: number, sort: number): StatusInputs => ({ pipelineId, name: `S${i}`, sort });
        const made = await Promise.all(Array.from({ length: c.n }, (_, i) => status.create(declared(i, 10 * (i + 1)))));
        expect(await regularNames(pipelineId)).toEqual(made.map((_, i) => `S${i}`));
        await drift(pipelineId, c.handSorts);
        await newProcess();
        const refreshed = await Promise.all(
          made.map(async (m) => ({ id: m.id, ...(await status.read(m.id, m.outs as StatusOutputs)) })),
        );
        // The new order: every stage, in the order of a random permutation (stages not kept go last, in order).
        const order = [...c.kept, ...made.map((_, i) => i).filter((i) => !c.kept.includes(i))];
        // Refresh does not see an order changed by hand, so the engine calls no update when no declared sort moved.
        fc.pre(order.some((o, i) => o !== i));
        const sortOf = (i: number) => 10 * (order.indexOf(i) + 1);
        const { writes, reads } = await counted(() =>
          Promise.all(
            refreshed.map((r, i) =>
              (r.props as StatusOutputs).sort === sortOf(i)
                ? Promise.resolve()
                : status.update(r.id, r.props as StatusOutputs, declared(i, sortOf(i))),
            ),
          ),
        );
        expect(await regularNames(pipelineId)).toEqual(order.map((i) => `S${i}`));
        const n = c.n;
        expect(writes).toBeLessThanOrEqual(n * (n + 2));
        most = { writes: Math.max(most.writes, writes), reads: Math.max(most.reads, reads) };
        for (const [i, r] of refreshed.entries()) {
          await status.delete(r.id, { ...(r.props as StatusOutputs), sort: sortOf(i) });
        }
        await pipeline.delete(p.id, p.outs as PipelineOutputs);
      }),
      { numRuns: RUNS, seed: 15 },
    );
    figures.push(`  Status, ${placement}/${apply}/${numbers}: ${most.writes} / ${most.reads}`);
  });
});
