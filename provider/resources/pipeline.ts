import * as pulumi from "@pulumi/pulumi";
import type { StatusColor } from "../client/codecs/status";
import type { PipelineOutputs, StatusDescriptionInput } from "../runtime/types";
import { kommoResource } from "./kommoResource";

/** One stage of `Pipeline.statuses`. */
export interface StageArgs {
  /**
   * The stage's identity in the list, for Pulumi and for `statusIds`; defaults to `name`. Give a key to rename a
   * stage: the same key with a new name edits the stage in place, so its leads stay where they are.
   */
  key?: pulumi.Input<string>;
  /** The stage's name as sales sees it. */
  name: pulumi.Input<string>;
  /** One of Kommo's 21 palette colors. Left out, Kommo picks one and it is not managed. */
  color?: pulumi.Input<StatusColor>;
  /**
   * Hints by experience level (newbie, candidate, master): at most 3, each at most 1000 characters. Declaring them on
   * any stage manages them on every stage of the list: stages that declare none have none.
   */
  descriptions?: pulumi.Input<pulumi.Input<StatusDescriptionInput>[]>;
}

export interface PipelineArgs {
  /**
   * Take an existing pipeline under management instead of creating one: `{ id }`, or `{ name }` for the pipeline
   * that has that name on the account now. It is brought to the declared values on create. Destroying the resource
   * then deletes the pipeline like any other; set the resource option `retainOnDelete: true` to keep it.
   * `pulumi import` does not work for dynamic resources, which is why this exists.
   */
  adopt?: pulumi.Input<{ id: pulumi.Input<number> } | { name: pulumi.Input<string> }>;
  /** The pipeline's name as sales sees it. */
  name: pulumi.Input<string>;
  /** Position among the account's pipelines, sent on create and when it changes; Kommo's number is `assignedSort`. */
  sort: pulumi.Input<number>;
  /**
   * Makes this the account's main pipeline (true), or asks Kommo to stop it being main (false). Left out, Kommo's
   * choice is left alone: nothing is ever sent.
   */
  isMain?: pulumi.Input<boolean>;
  /** Whether the pipeline has the "Incoming leads" stage for unsorted leads. Default true. */
  isUnsortedOn?: pulumi.Input<boolean>;
  /**
   * Name of the won status (id 142). Kommo accepts it only when the pipeline is created: a later change is refused
   * at preview, never turned into a replacement. Default: Kommo's own ("Closed - won").
   */
  wonStatusName?: pulumi.Input<string>;
  /** Name of the lost status (id 143). Like wonStatusName, only at creation. Default: Kommo's own ("Closed - lost"). */
  lostStatusName?: pulumi.Input<string>;
  /**
   * The pipeline's regular stages, in order: the position in the list is the order in Kommo. The list is
   * authoritative: a stage added, removed, renamed, recolored or reordered in Kommo by hand is drift, shown by
   * `pulumi refresh` and put right by the next `pulumi up`. Removing an item deletes the stage, and Kommo moves its
   * leads to the first stage (the output of up says where). Leave it out to manage the stages as `Status` resources.
   */
  statuses?: pulumi.Input<pulumi.Input<StageArgs>[]>;
}

/** What Kommo computes for a pipeline: the outputs that are not inputs. Both faces register them. */
export const PIPELINE_COMPUTED = {
  isArchive: undefined,
  accountId: undefined,
  incomingStatusId: undefined,
  wonStatusId: undefined,
  lostStatusId: undefined,
  wonStatusLiveName: undefined,
  lostStatusLiveName: undefined,
  assignedSort: undefined,
  statusIds: undefined,
  liveStatuses: undefined,
} as const;

/**
 * A Kommo lead pipeline. Every property updates in place; nothing about a pipeline replaces it.
 *
 * Its outputs are every input but `adopt`, and what Kommo computes (`PipelineOutputs`): `isArchive`, `accountId`,
 * `incomingStatusId`, `wonStatusId` (always 142), `lostStatusId` (always 143), `wonStatusLiveName` and
 * `lostStatusLiveName` (the names in Kommo, declared or not), `assignedSort` (the sort number Kommo gave),
 * `statusIds` (Kommo's id of each stage of `statuses`, by key) and `liveStatuses` (every regular stage in Kommo,
 * in Kommo's order, with its id, name, color and sort number).
 */
export class Pipeline extends kommoResource<PipelineArgs, PipelineOutputs, "adopt" | "pipelineId">(
  "Pipeline",
  PIPELINE_COMPUTED,
) {
  /**
   * The pipeline's id as a number: pass it to `Status.pipelineId`. It is derived from the resource id, which
   * preview knows for an existing pipeline even while the pipeline is being updated.
   */
  readonly pipelineId: pulumi.Output<number>;

  constructor(name: string, args: PipelineArgs, opts?: pulumi.CustomResourceOptions) {
    super(name, args, opts);
    this.pipelineId = this.id.apply((id) => Number(id));
  }
}
