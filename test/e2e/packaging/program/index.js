// The packaging matrix's user program, in plain JavaScript as the quickest to start. Stack config `round` picks
// what it declares: 0 is what 0.1.0 understood, 1 adds a pipeline with its stages inline, 2 changes a little of
// everything (see DECLARED in ../harness.ts).
const pulumi = require("@pulumi/pulumi");
const kommo = require("pulumi-kommo");

const round = new pulumi.Config().requireNumber("round");

const plain = new kommo.Pipeline("plain", { name: round >= 2 ? "Plain (renamed)" : "Plain", sort: 20, wonStatusName: "Deal won" });
new kommo.Status("qualified", { pipelineId: plain.pipelineId, name: round >= 2 ? "Qualified lead" : "Qualified", sort: 10 });

if (round >= 1) {
  const stages = round >= 2 ? ["A", "B", "C"] : ["A", "B"];
  const staged = new kommo.Pipeline("staged", { name: "Staged", sort: 10, statuses: stages.map((name) => ({ name })) });
  exports.stageIds = staged.statusIds;
}

// Which Node.js and which @pulumi/pulumi ran the program, for the scenario to check.
exports.node = process.version;
exports.sdk = require("@pulumi/pulumi/package.json").version;
