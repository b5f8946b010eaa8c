import * as kommo from "pulumi-kommo";

/**
 * A language school's CRM, from an empty account: one pipeline for people who sign up for courses, one for
 * companies that buy training for their staff. The account address and token come from stack config
 * (kommo:subdomain or kommo:baseUrl, and kommo:accessToken as a secret); see README.md.
 */

// Won and lost statuses are named when the pipeline is created and cannot be renamed later through the API,
// so pick words the sales team will keep.
const enrollment = new kommo.Pipeline("enrollment", {
  name: "Enrollment",
  sort: 10,
  wonStatusName: "Enrolled",
  lostStatusName: "Did not enroll",
});

const corporate = new kommo.Pipeline("corporate", {
  name: "Corporate training",
  sort: 20,
  // Corporate deals come from account managers, never from web forms, so this pipeline has no "Incoming leads".
  isUnsortedOn: false,
  wonStatusName: "Contract signed",
  lostStatusName: "Lost to a competitor",
});

const trialBooked = new kommo.Status("trial-booked", {
  pipelineId: enrollment.pipelineId,
  name: "Trial lesson booked",
  sort: 10,
  color: "#98cbff",
  descriptions: [
    { level: "newbie", description: "Send the calendar invite and the level test link right after the call." },
    { level: "master", description: "If the student already knows the teacher, offer a slot within 48 hours." },
  ],
});
const trialDone = new kommo.Status("trial-done", {
  pipelineId: enrollment.pipelineId,
  name: "Trial lesson done",
  sort: 20,
  color: "#87f2c0",
});
const offerSent = new kommo.Status("offer-sent", {
  pipelineId: enrollment.pipelineId,
  name: "Offer sent",
  sort: 30,
  color: "#ffdc7f",
  descriptions: [{ level: "candidate", description: "Follow up within 2 working days 📬" }],
});
const paymentPending = new kommo.Status("payment-pending", {
  pipelineId: enrollment.pipelineId,
  name: "Payment pending",
  sort: 40,
  color: "#ff8f92",
});

const assessment = new kommo.Status("needs-assessment", {
  pipelineId: corporate.pipelineId,
  name: "Needs assessment",
  sort: 10,
  color: "#d6eaff",
});
const proposal = new kommo.Status("proposal", {
  pipelineId: corporate.pipelineId,
  name: "Proposal",
  sort: 20,
  color: "#deff81",
  descriptions: [{ level: "master", description: "Bundle a pilot group when the buyer is HR rather than the team lead." }],
});
const pilot = new kommo.Status("pilot-group", {
  pipelineId: corporate.pipelineId,
  name: "Pilot group",
  sort: 30,
  color: "#f3beff",
});

// What other stacks and tools need: ids for webhooks, forms and automations. Read them with
// `pulumi stack output --json`, or from another stack through a StackReference.
export const pipelines = {
  enrollment: {
    id: enrollment.pipelineId,
    incomingStatusId: enrollment.incomingStatusId,
    won: enrollment.wonStatusLiveName,
    lost: enrollment.lostStatusLiveName,
  },
  corporate: {
    id: corporate.pipelineId,
    won: corporate.wonStatusLiveName,
    lost: corporate.lostStatusLiveName,
  },
};

export const statusIds = {
  trialBooked: trialBooked.statusId,
  trialDone: trialDone.statusId,
  offerSent: offerSent.statusId,
  paymentPending: paymentPending.statusId,
  needsAssessment: assessment.statusId,
  proposal: proposal.statusId,
  pilotGroup: pilot.statusId,
};
