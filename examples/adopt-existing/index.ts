// Started as the index.ts that `kommo-iac export` wrote for this account, then reviewed by hand (README.md walks
// through it). What changed in review:
//
// - Only the "Sales" pipeline is managed here. The account's default pipeline was deleted from the program, and
//   "Partners" belongs to the partnerships team: it is read with lookupPipeline/lookupStatus instead, which never
//   write.
// - `adopt: { id }` became `adopt: { name }`, so this program works on any account that has these objects (the
//   emulator in the tests gives them new ids every run). On a real account, keeping the exported ids is the safer
//   choice when names repeat: adopting an ambiguous name fails and lists the ids.
// - Every adopted resource has `retainOnDelete: true`: `pulumi destroy` (or deleting a resource from this file)
//   then only stops managing the object, and the pipeline the sales team works in stays in Kommo.
// - Two deliberate changes, which the first `pulumi up` applies while adopting: "Qualified" gets a new color and
//   "New lead" gets descriptions. "Contract review" is new and not retained, so destroy deletes it again.
import * as kommo from "pulumi-kommo";

const adopted = { retainOnDelete: true };

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
  },
  adopted,
);

const salesStatus = (resource: string, args: Omit<kommo.StatusArgs, "pipelineId">, opts: { retainOnDelete?: boolean } = adopted) =>
  new kommo.Status(resource, { pipelineId: sales.pipelineId, ...args }, opts);

const newLead = salesStatus("sales-new-lead", {
  name: "New lead",
  sort: 20,
  color: "#fffeb2",
  descriptions: [
    { level: "newbie", description: "Call back within the hour; after that the lead has usually moved on ☎️" },
  ],
  adopt: { name: "New lead" },
});

const qualified = salesStatus("sales-qualified", {
  name: "Qualified",
  sort: 30,
  color: "#98cbff", // was #c1e0ff in Kommo: the one color change this review makes
  adopt: { name: "Qualified" },
});

const proposal = salesStatus("sales-proposal", {
  name: "Proposal",
  sort: 40,
  color: "#ffdc7f",
  adopt: { name: "Proposal" },
});

// Not in the account yet: created, and placed after "Proposal" because its declared sort is the highest.
// The empty options mean it is not retained: it was born in this stack and dies with it.
const contractReview = salesStatus("sales-contract-review", { name: "Contract review", sort: 50, color: "#87f2c0" }, {});

// Someone else's pipeline: this stack only needs its ids (for a webhook, a form, an automation), so it looks them
// up on every run instead of managing the pipeline.
const partners = kommo.lookupPipeline({ name: "Partners" });
const referral = kommo.lookupStatus({ pipelineId: partners.pipelineId, name: "Referral received" });

export const salesPipelineId = sales.pipelineId;
export const salesStatusIds = {
  newLead: newLead.statusId,
  qualified: qualified.statusId,
  proposal: proposal.statusId,
  contractReview: contractReview.statusId,
};
export const partnersPipelineId = partners.pipelineId;
export const partnersIncomingStatusId = partners.incomingStatusId;
export const referralStatusId = referral.statusId;
