import type { StateDump } from "../invariants";

const PIPELINE = /^\/api\/v4\/leads\/pipelines\/(\d+)$/;
const STATUSES = /^\/api\/v4\/leads\/pipelines\/(\d+)\/statuses$/;
const STATUS = /^\/api\/v4\/leads\/pipelines\/(\d+)\/statuses\/(\d+)$/;

/**
 * What the account must hold, rebuilt only from the answers a client saw:
 * which pipelines, regular statuses and leads exist. If the emulator changed
 * something it did not report, or reported something it did not do, the
 * model and the account part ways.
 */
export class AccountModel {
  private readonly pipelines = new Map<number, Set<number>>();
  private readonly leads = new Set<number>();

  constructor(state: StateDump) {
    for (const p of state.pipelines) this.pipelines.set(p.id, new Set(regularIds(p.statuses)));
    for (const l of state.leads) this.leads.add(l.id);
  }

  /** Takes in one successful answer (any other changes nothing). */
  observe(method: string, target: string, status: number, json: any): void {
    const path = target.split("?")[0] ?? "";
    if (method === "POST" && path === "/api/v4/leads/pipelines" && status === 200) {
      for (const p of json._embedded.pipelines) this.pipelines.set(p.id, new Set(regularIds(p._embedded.statuses)));
    } else if (method === "DELETE" && status === 204 && PIPELINE.test(path)) {
      this.pipelines.delete(Number(PIPELINE.exec(path)?.[1]));
    } else if (method === "POST" && status === 200 && STATUSES.test(path)) {
      const set = this.pipelines.get(Number(STATUSES.exec(path)?.[1]));
      for (const s of json._embedded.statuses) set?.add(s.id);
    } else if (method === "DELETE" && status === 204 && STATUS.test(path)) {
      const match = STATUS.exec(path);
      this.pipelines.get(Number(match?.[1]))?.delete(Number(match?.[2]));
    } else if (method === "POST" && path === "/api/v4/leads" && status === 200) {
      for (const l of json._embedded.leads) this.leads.add(l.id);
    }
  }

  /** Where the account differs from what the answers said. */
  differences(state: StateDump): string[] {
    const found: string[] = [];
    const held = new Map(state.pipelines.map((p) => [p.id, new Set(regularIds(p.statuses))]));
    const expected = [...this.pipelines.keys()].sort();
    const actual = [...held.keys()].sort();
    if (expected.join() !== actual.join()) found.push(`pipelines ${actual} where the answers said ${expected}`);
    for (const [id, statuses] of this.pipelines) {
      const actualStatuses = [...(held.get(id) ?? [])].sort().join();
      if (held.has(id) && actualStatuses !== [...statuses].sort().join()) {
        found.push(`pipeline ${id} holds statuses ${actualStatuses} where the answers said ${[...statuses].sort()}`);
      }
    }
    const leads = state.leads
      .map((l) => l.id)
      .sort()
      .join();
    if (leads !== [...this.leads].sort().join())
      found.push(`leads ${leads} where the answers said ${[...this.leads].sort()}`);
    return found;
  }
}

/** The dump names system statuses in `system`; the API in `is_editable`. */
function regularIds(statuses: Array<{ id: number; system?: string | null; is_editable?: boolean }>): number[] {
  return statuses.filter((s) => (s.system === undefined ? s.is_editable === true : s.system === null)).map((s) => s.id);
}
