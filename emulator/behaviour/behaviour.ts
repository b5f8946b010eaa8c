/**
 * Where the public record leaves the real Kommo's behaviour open (docs/kommo-api.md,
 * "Open points"; docs/kommo-api.md), the emulator offers each plausible behaviour
 * behind one of these switches, so that a client can be tested under all of
 * them. The README's "Open points and switches" gives the evidence for each.
 */
export interface Behaviour {
  /** Refuse a pipeline create whose `_embedded.statuses` holds no regular status (PR 79 of amocrm-api-php). */
  pipelineNeedsStatus: boolean;
  /** Where a created status lands: by requested sort among the current numbers, or after every regular status. */
  statusPlacement: StatusPlacement;
  /** Whether the statuses of one batch are placed together, or one after another with a renumbering after each. */
  batchApply: BatchApply;
  /** Whether a pipeline's sort is stored as sent, or chosen by Kommo. */
  pipelineSort: PipelineSort;
  /** What `is_main: false` on the main pipeline does. */
  unsetMain: UnsetMain;
  /** The answer to a DELETE of a pipeline or status that does not exist. */
  deleteMissing: DeleteMissing;
  /** Whether a batch create that fails item validation writes nothing, or the items before the first bad one. */
  failedBatch: FailedBatch;
  /** The shape of every 429, from the rate limiter and from injected bursts alike. */
  tooManyRequests: TooManyRequests;
  /** What a description sent without `id` does on status PATCH when its level already has one. */
  descriptionWithoutId: DescriptionWithoutId;
  /** How description timestamps are written. */
  descriptionTimestamps: DescriptionTimestamps;
  /** Whether status sorts are renumbered 20, 30, ... after every write, or kept as sent (ties by id). */
  statusSortNumbers: StatusSortNumbers;
  /** How the per-token rate is counted: fixed one-second windows, a sliding second, or a token bucket. */
  rateLimitShape: RateLimitShape;
  /** What a status PATCH that carries no `name` does to the name. */
  patchWithoutName: PatchWithoutName;
  /** Whether `descriptions` inside a pipeline create's `_embedded.statuses` are stored or dropped. */
  embeddedDescriptions: EmbeddedDescriptions;
  /** What a PATCH of a system status (incoming, 142, 143) gets: a refusal, or a 200 that changes nothing. */
  systemStatusPatch: SystemStatusPatch;
}

export type StatusPlacement = "insert" | "append";
export type BatchApply = "whole" | "itemwise";
export type PipelineSort = "kept" | "renumbered";
export type UnsetMain = "refused" | "accepted";
export type DeleteMissing = "404" | "400-choice" | "400-other";
export type FailedBatch = "atomic" | "partial";
export type TooManyRequests = "problem" | "html" | "header" | "bare";
export type DescriptionWithoutId = "refused" | "overwrites";
export type DescriptionTimestamps = "unix" | "string";
export type StatusSortNumbers = "tens" | "kept";
export type RateLimitShape = "window" | "sliding" | "bucket";
export type PatchWithoutName = "keeps" | "blanks";
export type EmbeddedDescriptions = "applied" | "ignored";
export type SystemStatusPatch = "refused" | "ignored";

/** The switches that take one of a few names; the only other one, pipelineNeedsStatus, is a boolean. */
export type ChoiceSwitch = Exclude<keyof Behaviour, "pipelineNeedsStatus">;

export const CHOICES: { readonly [K in ChoiceSwitch]: readonly Behaviour[K][] } = {
  statusPlacement: ["insert", "append"],
  batchApply: ["whole", "itemwise"],
  pipelineSort: ["kept", "renumbered"],
  unsetMain: ["refused", "accepted"],
  deleteMissing: ["404", "400-choice", "400-other"],
  failedBatch: ["atomic", "partial"],
  tooManyRequests: ["problem", "html", "header", "bare"],
  descriptionWithoutId: ["refused", "overwrites"],
  descriptionTimestamps: ["unix", "string"],
  statusSortNumbers: ["tens", "kept"],
  rateLimitShape: ["window", "sliding", "bucket"],
  patchWithoutName: ["keeps", "blanks"],
  embeddedDescriptions: ["applied", "ignored"],
  systemStatusPatch: ["refused", "ignored"],
};

export const BEHAVIOUR_KEYS: readonly (keyof Behaviour)[] = [
  "pipelineNeedsStatus",
  ...(Object.keys(CHOICES) as ChoiceSwitch[]),
];

export function isChoiceSwitch(key: keyof Behaviour): key is ChoiceSwitch {
  return key !== "pipelineNeedsStatus";
}
