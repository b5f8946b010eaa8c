import * as pulumi from "@pulumi/pulumi";
import * as kommo from "pulumi-kommo";

/**
 * The move from the dynamic face to the plugin face, as the README tells it, one `up` per step:
 * - "dynamic": the stack as it was;
 * - "retained": the same, with `retainOnDelete`, so that dropping them later leaves Kommo alone;
 * - "plugin": the plugin face's resources, each importing its object by id; the dynamic ones leave the state.
 */
const config = new pulumi.Config();
const step = config.require("step");
const ids = config.getObject<{ sales: string; board: string; triage: string }>("ids");

const salesArgs = {
  name: "Moving Sales",
  sort: 20,
  statuses: [{ name: "New" }, { name: "Offer", color: "#98cbff" as const }],
};
const triageArgs = { name: "Triage", sort: 10 };

if (step === "plugin") {
  new kommo.plugin.Pipeline("sales", salesArgs, { import: ids?.sales });
  const board = new kommo.plugin.Pipeline("board", { name: "Moving Board", sort: 30 }, { import: ids?.board });
  new kommo.plugin.Status("triage", { ...triageArgs, pipelineId: board.pipelineId }, { import: ids?.triage });
} else {
  const retainOnDelete = step === "retained";
  const sales = new kommo.Pipeline("sales", salesArgs, { retainOnDelete });
  const board = new kommo.Pipeline("board", { name: "Moving Board", sort: 30 }, { retainOnDelete });
  const triage = new kommo.Status("triage", { ...triageArgs, pipelineId: board.pipelineId }, { retainOnDelete });
  // What the plugin step imports: the ids as `pulumi import` takes them.
  exports.ids = pulumi
    .all([sales.id, board.id, triage.id])
    .apply(([s, b, t]) => ({ sales: s, board: b, triage: `${b}/${t}` }));
}
