import * as pulumi from "@pulumi/pulumi";
import { plugin as kommo } from "pulumi-kommo";
import type { StatusColor } from "pulumi-kommo";

/** What to declare, as JSON in stack config, so each step of the test changes it without editing code. */
interface Spec {
  /** A pipeline with its stages as an inline list, on the stack's own account (the default provider). */
  sales: { name: string; sort: number; stages: { key?: string; name: string; color?: StatusColor }[] };
  /** A pipeline whose stages are Status resources. */
  board: { name: string; sort: number; statuses: { key: string; name: string; sort: number }[] };
  /** A second account through an explicit provider; its token is the secret config value "secondToken". */
  second?: { baseUrl: string; name: string; stages: string[] };
  /** Declarations of what `pulumi import` took over, as the import read them. */
  importedPipeline?: { name: string; sort: number; stages: { key?: string; name: string; color?: StatusColor }[] };
  /** Two explicit providers on the stack's own account, each with a pipeline of these stages. */
  twins?: { stages: string[] };
  importedStatus?: { name: string; sort: number; color?: StatusColor };
}

const config = new pulumi.Config();
const spec = config.requireObject<Spec>("spec");

const sales = new kommo.Pipeline("sales", {
  name: spec.sales.name,
  sort: spec.sales.sort,
  statuses: spec.sales.stages,
});
const board = new kommo.Pipeline("board", { name: spec.board.name, sort: spec.board.sort });
for (const st of spec.board.statuses) {
  new kommo.Status(st.key, { pipelineId: board.pipelineId, name: st.name, sort: st.sort });
}
if (spec.importedPipeline) {
  const p = spec.importedPipeline;
  new kommo.Pipeline("imported", { name: p.name, sort: p.sort, statuses: p.stages });
}
if (spec.importedStatus) {
  new kommo.Status("importedStatus", { pipelineId: board.pipelineId, ...spec.importedStatus });
}

export let secondPipelineId: pulumi.Output<number> | undefined;
if (spec.second) {
  const account = new kommo.Provider("second", {
    baseUrl: spec.second.baseUrl,
    accessToken: config.requireSecret("secondToken"),
  });
  const p = new kommo.Pipeline(
    "second-sales",
    { name: spec.second.name, sort: 10, statuses: spec.second.stages.map((name) => ({ name })) },
    { provider: account },
  );
  secondPipelineId = p.pipelineId;
}

if (spec.twins) {
  const own = new pulumi.Config("kommo");
  for (const twin of ["A", "B"]) {
    const account = new kommo.Provider(`twin-${twin}`, {
      baseUrl: own.require("baseUrl"),
      accessToken: own.requireSecret("accessToken"),
    });
    new kommo.Pipeline(
      `twin-${twin}`,
      {
        name: `Twin ${twin}`,
        sort: 70,
        statuses: spec.twins.stages.map((name) => ({ key: `stage-${spec.twins?.stages.indexOf(name) ?? 0}`, name })),
      },
      { provider: account },
    );
  }
}

export const salesId = sales.pipelineId;
export const salesStatusIds = sales.statusIds;
export const boardId = board.pipelineId;
// The function served by the plugin: the board found by its name, once it exists (its id is known).
export const boardFound = pulumi
  .all([board.id, board.name])
  .apply(([, name]) => kommo.getPipeline({ name }))
  .apply((p) => p.pipelineId);
