import * as pulumi from "@pulumi/pulumi";
import * as kommo from "pulumi-kommo";

/**
 * One program, two accounts. Which account a stack writes to is stack config only (kommo:subdomain or
 * kommo:baseUrl, and the kommo:accessToken secret, in Pulumi.<stack>.yaml), so the same code goes to staging
 * first and to production after review. The project's own settings (declared in Pulumi.yaml) let the two differ
 * where they are meant to: staging has a marked pipeline name and a shorter follow-up cycle to test quickly.
 */
const config = new pulumi.Config();
const pipelineName = config.require("pipelineName");
const followUpRounds = config.getNumber("followUpRounds") ?? 2;
if (!Number.isInteger(followUpRounds) || followUpRounds < 0 || followUpRounds > 10) {
  throw new Error(`followUpRounds must be a whole number from 0 to 10, not ${followUpRounds}`);
}

// The order of the stages is the order of the list. Each has a key of its own, so renaming one later (say,
// "Qualified" to "Discovery call done") edits it in place, and the stack output keeps its name.
const sales = new kommo.Pipeline("sales", {
  name: pipelineName,
  sort: 10,
  wonStatusName: "Won",
  lostStatusName: "Lost",
  statuses: [
    {
      key: "new-lead",
      name: "New lead",
      color: "#fffeb2",
      descriptions: [{ level: "newbie", description: "Reply the same day, even if only to book a call." }],
    },
    { key: "qualified", name: "Qualified", color: "#98cbff" },
    ...Array.from({ length: followUpRounds }, (_, i) => ({
      key: `follow-up-${i + 1}`,
      name: `Follow-up ${i + 1}`,
      color: "#ffeab2" as const,
    })),
    { key: "negotiation", name: "Negotiation", color: "#ff8f92" },
  ],
});

export const stack = pulumi.getStack();
export const pipelineId = sales.pipelineId;
// Each stage's id by key: { "new-lead": ..., "qualified": ..., "follow-up-1": ..., "negotiation": ... }.
export const stageIds = sales.statusIds;
