import type { Behaviour } from "./behaviour";

export const PROFILE_NAMES = ["reference", "hostile"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * `reference`: the emulator's best reading of the vendor reference and
 * docs/kommo-api.md, the default, and what the conformance suite runs under.
 * `hostile`: for every open point, the behaviour that is plausible on the
 * public record and hardest on a client. pipelineNeedsStatus and
 * descriptionWithoutId stay as in `reference` there: refusing is the harder
 * side of both, and a client that passes the refusal passes the other too.
 * descriptionTimestamps is `string` in both: the SDK types them as strings and
 * the Russian reference shows them so (FACTS.md, "More of the public record").
 * systemStatusPatch is `ignored` there: a 200 that changed nothing is harder
 * to notice than a refusal. rateLimitShape is `bucket` there: it is the shape
 * that refuses a client sending a full second's worth at once again and again.
 */
const PROFILES: Record<ProfileName, Readonly<Behaviour>> = {
  reference: {
    pipelineNeedsStatus: true,
    statusPlacement: "insert",
    batchApply: "whole",
    pipelineSort: "kept",
    unsetMain: "refused",
    deleteMissing: "400-choice",
    failedBatch: "atomic",
    tooManyRequests: "problem",
    descriptionWithoutId: "refused",
    descriptionTimestamps: "string",
    statusSortNumbers: "tens",
    rateLimitShape: "sliding",
    patchWithoutName: "keeps",
    embeddedDescriptions: "applied",
    systemStatusPatch: "refused",
  },
  hostile: {
    pipelineNeedsStatus: true,
    statusPlacement: "append",
    batchApply: "itemwise",
    pipelineSort: "renumbered",
    unsetMain: "accepted",
    deleteMissing: "400-other",
    failedBatch: "partial",
    tooManyRequests: "html",
    descriptionWithoutId: "refused",
    descriptionTimestamps: "string",
    statusSortNumbers: "kept",
    rateLimitShape: "bucket",
    patchWithoutName: "blanks",
    embeddedDescriptions: "ignored",
    systemStatusPatch: "ignored",
  },
};

export function isProfileName(value: unknown): value is ProfileName {
  return (PROFILE_NAMES as readonly unknown[]).includes(value);
}

/** A fresh copy, so that changing the running behaviour never changes the profile. */
export function profileBehaviour(name: ProfileName): Behaviour {
  return { ...PROFILES[name] };
}

export function defaultBehaviour(): Behaviour {
  return profileBehaviour("reference");
}
