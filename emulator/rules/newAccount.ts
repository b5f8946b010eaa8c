import { Account } from "../account";
import type { IdSource } from "../ids";
import type { Pipeline, Status } from "../model";
import { systemStatuses } from "./systemStatuses";

/** The default board of the reference's first pipeline, which is what a new account shows. */
const DEFAULT_STATUSES: ReadonlyArray<{ name: string; color: string }> = [
  { name: "Initial contact", color: "#99ccff" },
  { name: "Discussions", color: "#ffff99" },
  { name: "Decision making", color: "#ffcc66" },
  { name: "Contract discussion", color: "#ffcccc" },
];

export function newAccount(accountId: number, ids: IdSource): Account {
  const account = new Account(accountId, ids);
  const id = ids.nextPipeline();
  const { incoming, won, lost } = systemStatuses(id, ids);
  const regular: Status[] = DEFAULT_STATUSES.map((s, index) => ({
    id: ids.nextStatus(),
    pipelineId: id,
    name: s.name,
    sort: 20 + 10 * index,
    color: s.color,
    system: null,
    descriptions: [],
  }));
  const pipeline: Pipeline = {
    id,
    name: "Pipeline",
    sort: 1,
    isMain: true,
    isUnsortedOn: true,
    statuses: [incoming, ...regular, won, lost],
  };
  account.pipelines.set(id, pipeline);
  return account;
}
