import type { TestApi } from "./harness";

/** The account as GET /_emulator/state shows it. */
export interface StateDump {
  account_id: number;
  pipelines: Array<{
    id: number;
    name: string;
    sort: number;
    is_main: boolean;
    is_unsorted_on: boolean;
    statuses: Array<{
      id: number;
      name: string;
      sort: number;
      color: string;
      system: string | null;
      descriptions: Array<{ level: string }>;
    }>;
  }>;
  leads: Array<{ id: number; pipeline_id: number; status_id: number }>;
}

const SYSTEM_SORTS: Record<string, number> = { incoming: 10, won: 10000, lost: 11000 };
const SYSTEM_IDS: Record<string, number | undefined> = { won: 142, lost: 143 };

/**
 * Every rule that must hold whatever requests came before: returns what is
 * broken, so a failing property shows all of it at once.
 */
export function brokenInvariants(state: StateDump, numbering: { statusSortNumbers?: "tens" | "kept" } = {}): string[] {
  const broken: string[] = [];
  const pipelineIds = state.pipelines.map((p) => p.id);
  if (new Set(pipelineIds).size !== pipelineIds.length) broken.push(`pipeline ids repeat: ${pipelineIds}`);
  if (state.pipelines.length < 1 || state.pipelines.length > 50) broken.push(`${state.pipelines.length} pipelines`);
  const mains = state.pipelines.filter((p) => p.is_main).length;
  if (mains !== 1) broken.push(`${mains} main pipelines`);
  // 142 and 143 are the same in every pipeline; every other status id is the account's alone.
  const ownIds = state.pipelines.flatMap((p) =>
    p.statuses.filter((s) => s.system === null || s.system === "incoming").map((s) => s.id),
  );
  if (new Set(ownIds).size !== ownIds.length) broken.push("status ids repeat across the account");
  for (const p of state.pipelines) {
    const where = `pipeline ${p.id}`;
    if (p.statuses.length > 100) broken.push(`${where} has ${p.statuses.length} statuses`);
    for (const kind of ["incoming", "won", "lost"]) {
      const found = p.statuses.filter((s) => s.system === kind);
      if (found.length !== 1) broken.push(`${where} has ${found.length} ${kind} statuses`);
      else if (found[0]!.sort !== SYSTEM_SORTS[kind]) broken.push(`${where}: ${kind} at sort ${found[0]!.sort}`);
      else if (SYSTEM_IDS[kind] !== undefined && found[0]!.id !== SYSTEM_IDS[kind])
        broken.push(`${where}: ${kind} has id ${found[0]!.id}`);
    }
    const sorts = p.statuses
      .filter((s) => s.system === null)
      .map((s) => s.sort)
      .sort((a, b) => a - b);
    // Under `kept` numbers are whatever was sent (dense, equal); under `tens` the board is always 20, 30, 40, ...
    const expected = sorts.map((s, i) => (numbering.statusSortNumbers === "kept" ? s : 20 + 10 * i));
    if (sorts.join() !== expected.join()) broken.push(`${where}: regular sorts ${sorts} are not ${expected}`);
    if (sorts.some((s) => !Number.isInteger(s) || s < 0)) broken.push(`${where}: regular sorts ${sorts}`);
    for (const s of p.statuses) {
      const levels = s.descriptions.map((d) => d.level);
      if (levels.length > 3 || new Set(levels).size !== levels.length)
        broken.push(`status ${s.id}: descriptions ${levels}`);
    }
  }
  const leadIds = state.leads.map((l) => l.id);
  if (new Set(leadIds).size !== leadIds.length) broken.push("lead ids repeat");
  for (const lead of state.leads) {
    const pipeline = state.pipelines.find((p) => p.id === lead.pipeline_id);
    if (pipeline === undefined) broken.push(`lead ${lead.id} is in missing pipeline ${lead.pipeline_id}`);
    else if (!pipeline.statuses.some((s) => s.id === lead.status_id))
      broken.push(`lead ${lead.id} is in missing status ${lead.status_id}`);
  }
  return broken;
}

/** The dump and the public API must tell the same story: same pipelines, same visible statuses in the same order. */
export async function expectConsistent(
  api: TestApi,
  numbering: { statusSortNumbers?: "tens" | "kept" } = {},
): Promise<StateDump> {
  const state = (await api.state()) as StateDump;
  expect(brokenInvariants(state, numbering)).toEqual([]);
  const listed = await api.get("/api/v4/leads/pipelines");
  expect(listed.status).toBe(200);
  const fromApi = listed.json._embedded.pipelines.map((p: any) => [p.id, p._embedded.statuses.map((s: any) => s.id)]);
  const fromState = [...state.pipelines]
    .sort((a, b) => a.sort - b.sort || a.id - b.id)
    .map((p) => [p.id, p.statuses.filter((s) => s.system !== "incoming" || p.is_unsorted_on).map((s) => s.id)]);
  expect(fromApi).toEqual(fromState);
  expect(listed.json._total_items).toBe(state.pipelines.length);
  return state;
}
