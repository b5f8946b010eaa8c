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

const sales = new kommo.Pipeline("sales", {
  name: pipelineName,
  sort: 10,
  wonStatusName: "Won",
  lostStatusName: "Lost",
});

// The order of the stages is the order of this list; the sorts only have to grow, so they are spaced by index.
const stages: { key: string; name: string; color: kommo.StatusColor; descriptions?: kommo.StatusDescription[] }[] = [
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
];

const statuses = stages.map(
  (stage, i) =>
    new kommo.Status(stage.key, {
      pipelineId: sales.pipelineId,
      name: stage.name,
      sort: (i + 1) * 10,
      color: stage.color,
      descriptions: stage.descriptions,
    }),
);

export const stack = pulumi.getStack();
export const pipelineId = sales.pipelineId;
export const stageIds = Object.fromEntries(stages.map((stage, i) => [stage.name, statuses[i].statusId]));
