import type { Account } from "../account";

/** The whole account as the emulator holds it, hidden incoming statuses included, for debugging and tests. */
export function dumpAccount(account: Account) {
  return {
    account_id: account.id,
    pipelines: [...account.pipelines.values()].map((p) => ({
      id: p.id,
      name: p.name,
      sort: p.sort,
      is_main: p.isMain,
      is_unsorted_on: p.isUnsortedOn,
      statuses: [...p.statuses]
        .sort((a, b) => a.sort - b.sort || a.id - b.id)
        .map((s) => ({
          id: s.id,
          name: s.name,
          sort: s.sort,
          color: s.color,
          system: s.system,
          descriptions: s.descriptions.map((d) => ({ id: d.id, level: d.level, description: d.description })),
        })),
    })),
    leads: [...account.leads.values()].map((l) => ({
      id: l.id,
      name: l.name,
      price: l.price,
      pipeline_id: l.pipelineId,
      status_id: l.statusId,
    })),
  };
}
