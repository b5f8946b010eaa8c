import * as kommo from "pulumi-kommo";

/**
 * A small B2B sales CRM: new business and renewals, each with its own stages and its own words for winning and
 * losing. Each pipeline lists its stages in order: the list is the order in Kommo, and a stage changed there by hand
 * is drift that the next `up` puts right. Credentials come from stack config (kommo:baseUrl or kommo:subdomain, and
 * kommo:accessToken as a secret).
 */
const newBusiness = new kommo.Pipeline("new-business", {
  name: "New business",
  sort: 10,
  wonStatusName: "Contract signed",
  lostStatusName: "Not a fit",
  statuses: [
    {
      name: "Qualified",
      color: "#98cbff",
      descriptions: [
        { level: "newbie", description: "Budget, authority, need and timing confirmed on a call." },
        { level: "master", description: "Skip straight to a demo when the champion is technical." },
      ],
    },
    { name: "Demo booked", color: "#87f2c0" },
    {
      name: "Proposal sent",
      color: "#ffdc7f",
      descriptions: [{ level: "candidate", description: "Follow up within 2 working days 📬" }],
    },
    { name: "Negotiation", color: "#ff8f92" },
  ],
});

const renewals = new kommo.Pipeline("renewals", {
  name: "Renewals",
  sort: 20,
  isUnsortedOn: false,
  wonStatusName: "Renewed",
  lostStatusName: "Churned",
  statuses: [
    // A key keeps a stage's identity through a rename: "due" can become "Renewal in 90 days" and keep its leads.
    { key: "due", name: "Renewal due", color: "#d6eaff" },
    {
      name: "Usage review",
      color: "#deff81",
      descriptions: [{ level: "newbie", description: "Walk the customer through last year's usage report." }],
    },
    { name: "Quote sent", color: "#f3beff" },
  ],
});

export const pipelines = {
  newBusiness: newBusiness.pipelineId,
  renewals: renewals.pipelineId,
};
// Kommo's id of every stage, by key: what webhooks, forms and automations need.
export const stageIds = {
  newBusiness: newBusiness.statusIds,
  renewals: renewals.statusIds,
};
