import * as kommo from "pulumi-kommo";

/**
 * A small B2B sales CRM: new business and renewals, each with its own stages and its own words for winning and
 * losing. Credentials come from stack config (kommo:baseUrl or kommo:subdomain, and kommo:accessToken as a secret).
 */
const newBusiness = new kommo.Pipeline("new-business", {
  name: "New business",
  sort: 10,
  wonStatusName: "Contract signed",
  lostStatusName: "Not a fit",
});

const renewals = new kommo.Pipeline("renewals", {
  name: "Renewals",
  sort: 20,
  isUnsortedOn: false,
  wonStatusName: "Renewed",
  lostStatusName: "Churned",
});

const stage = (name: string, pipeline: kommo.Pipeline, args: Omit<kommo.StatusArgs, "pipelineId">) =>
  new kommo.Status(name, { pipelineId: pipeline.pipelineId, ...args });

stage("nb-qualified", newBusiness, {
  name: "Qualified",
  sort: 10,
  color: "#98cbff",
  descriptions: [
    { level: "newbie", description: "Budget, authority, need and timing confirmed on a call." },
    { level: "master", description: "Skip straight to a demo when the champion is technical." },
  ],
});
stage("nb-demo", newBusiness, { name: "Demo booked", sort: 20, color: "#87f2c0" });
stage("nb-proposal", newBusiness, {
  name: "Proposal sent",
  sort: 30,
  color: "#ffdc7f",
  descriptions: [{ level: "candidate", description: "Follow up within 2 working days 📬" }],
});
stage("nb-negotiation", newBusiness, { name: "Negotiation", sort: 40, color: "#ff8f92" });

stage("rn-due", renewals, { name: "Renewal due", sort: 10, color: "#d6eaff" });
stage("rn-review", renewals, {
  name: "Usage review",
  sort: 20,
  color: "#deff81",
  descriptions: [{ level: "newbie", description: "Walk the customer through last year's usage report." }],
});
stage("rn-quote", renewals, { name: "Quote sent", sort: 30, color: "#f3beff" });

export const pipelines = {
  newBusiness: newBusiness.pipelineId,
  renewals: renewals.pipelineId,
};
