import * as kommo from "pulumi-kommo";

/**
 * A language school's CRM, from an empty account: one pipeline for people who sign up for courses, one for
 * companies that buy training for their staff. The account address and token come from stack config
 * (kommo:subdomain or kommo:baseUrl, and kommo:accessToken as a secret); see README.md.
 *
 * Each pipeline lists its stages in order: the position in the list is the order in Kommo, and each pipeline with
 * its stages is created in one request.
 */

// Won and lost statuses are named when the pipeline is created and cannot be renamed later through the API,
// so pick words the sales team will keep.
const enrollment = new kommo.Pipeline("enrollment", {
  name: "Enrollment",
  sort: 10,
  wonStatusName: "Enrolled",
  lostStatusName: "Did not enroll",
  statuses: [
    {
      name: "Trial lesson booked",
      color: "#98cbff",
      descriptions: [
        { level: "newbie", description: "Send the calendar invite and the level test link right after the call." },
        { level: "master", description: "If the student already knows the teacher, offer a slot within 48 hours." },
      ],
    },
    { name: "Trial lesson done", color: "#87f2c0" },
    {
      name: "Offer sent",
      color: "#ffdc7f",
      descriptions: [{ level: "candidate", description: "Follow up within 2 working days 📬" }],
    },
    { name: "Payment pending", color: "#ff8f92" },
  ],
});

const corporate = new kommo.Pipeline("corporate", {
  name: "Corporate training",
  sort: 20,
  // Corporate deals come from account managers, never from web forms, so this pipeline has no "Incoming leads".
  isUnsortedOn: false,
  wonStatusName: "Contract signed",
  lostStatusName: "Lost to a competitor",
  statuses: [
    { name: "Needs assessment", color: "#d6eaff" },
    {
      name: "Proposal",
      color: "#deff81",
      descriptions: [
        { level: "master", description: "Bundle a pilot group when the buyer is HR rather than the team lead." },
      ],
    },
    { name: "Pilot group", color: "#f3beff" },
  ],
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

// Each stage's id by its key, which is its name here: { "Trial lesson booked": 61000031, ... }.
export const statusIds = {
  enrollment: enrollment.statusIds,
  corporate: corporate.statusIds,
};
