// Started as the index.ts that `kommo-iac export` wrote for this account, then reviewed by hand (README.md walks
// through it). What changed in review:
//
// - Only the "Sales" pipeline is managed here. The account's default pipeline was deleted from the program, and
//   "Partners" belongs to the partnerships team: it is read with lookupPipeline/lookupStatus instead, which never
//   write.
// - `adopt: { id }` became `adopt: { name }`, so this program works on any account that has this pipeline (the
//   emulator in the tests gives it a new id every run). On a real account, keeping the exported id is the safer
//   choice when names repeat: adopting an ambiguous name fails and lists the ids. The stages need no ids: adoption
//   matches them to the live ones by name.
// - The pipeline has `retainOnDelete: true`: `pulumi destroy` (or deleting it from this file) then only stops
//   managing it, and the pipeline the sales team works in stays in Kommo with its stages.
// - Three deliberate changes, which the first `pulumi up` applies while adopting: "Qualified" gets a new color,
//   "New lead" gets a description, and "Contract review" is a new stage at the end of the list.
import * as kommo from "pulumi-kommo";

const sales = new kommo.Pipeline(
  "sales",
  {
    name: "Sales",
    sort: 10,
    isMain: false,
    isUnsortedOn: true,
    // Kommo sets these names only when a pipeline is created, so an adopted pipeline must declare the live ones
    // (or leave them out); export writes them as they are.
    wonStatusName: "Deal won",
    lostStatusName: "Deal lost",
    adopt: { name: "Sales" },
    statuses: [
      {
        name: "New lead",
        color: "#fffeb2",
        descriptions: [
          { level: "newbie", description: "Call back within the hour; after that the lead has usually moved on ☎️" },
        ],
      },
      { name: "Qualified", color: "#98cbff" }, // was #c1e0ff in Kommo: the one color change this review makes
      { name: "Proposal", color: "#ffdc7f" },
      // Not in the account yet: created, after "Proposal" because that is its place in the list.
      { name: "Contract review", color: "#87f2c0" },
    ],
  },
  { retainOnDelete: true },
);

// Someone else's pipeline: this stack only needs its ids (for a webhook, a form, an automation), so it looks them
// up on every run instead of managing the pipeline.
const partners = kommo.lookupPipeline({ name: "Partners" });
const referral = kommo.lookupStatus({ pipelineId: partners.pipelineId, name: "Referral received" });

export const salesPipelineId = sales.pipelineId;
// Each stage's id by name: { "New lead": 61000031, "Qualified": ..., "Contract review": ... }.
export const salesStatusIds = sales.statusIds;
export const partnersPipelineId = partners.pipelineId;
export const partnersIncomingStatusId = partners.incomingStatusId;
export const referralStatusId = referral.statusId;
