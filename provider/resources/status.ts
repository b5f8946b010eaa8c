import * as pulumi from "@pulumi/pulumi";
import type { StatusColor } from "../client/codecs/status";
import type { StatusDescriptionInput, StatusOutputs } from "../runtime/types";
import { kommoResource } from "./kommoResource";

export type { StatusColor } from "../client/codecs/status";
export type StatusDescription = StatusDescriptionInput;

export interface StatusArgs {
  /**
   * Take an existing status of the pipeline under management instead of creating one: `{ id }`, or `{ name }` for
   * the regular status with that name in the pipeline now. It is brought to the declared values on create.
   */
  adopt?: pulumi.Input<{ id: pulumi.Input<number> } | { name: pulumi.Input<string> }>;
  /** The pipeline this status belongs to, usually `pipeline.pipelineId`. Changing it replaces the status. */
  pipelineId: pulumi.Input<number>;
  /** The stage's name. Renaming updates in place. */
  name: pulumi.Input<string>;
  /**
   * Declared position among the pipeline's statuses: only the order of these numbers matters. Kommo renumbers
   * sorts (in steps of 10 after the incoming status), and that renumbering never shows as a change.
   */
  sort: pulumi.Input<number>;
  /** One of Kommo's 21 palette colors. Left out, Kommo picks one and it is not managed. Recoloring updates in place. */
  color?: pulumi.Input<StatusColor>;
  /**
   * Hints shown to salespeople by experience level: at most 3, one per level (newbie, candidate, master), each at
   * most 1000 characters, emoji allowed. Left out means none: descriptions added in Kommo are removed on the next up.
   */
  descriptions?: pulumi.Input<pulumi.Input<StatusDescription>[]>;
}

/** What Kommo computes for a status: the outputs that are not inputs. Both faces register them. */
export const STATUS_COMPUTED = {
  statusId: undefined,
  type: undefined,
  isEditable: undefined,
  accountId: undefined,
  assignedSort: undefined,
  liveColor: undefined,
} as const;

/**
 * A stage of a Kommo pipeline. Only moving it to another pipeline replaces it.
 *
 * Its outputs are every input but `adopt`, and what Kommo computes (`StatusOutputs`): `statusId` (the status id in
 * Kommo, as a number), `type` (0 for a regular status), `isEditable`, `accountId`, `assignedSort` (the sort number
 * Kommo assigned after renumbering) and `liveColor` (the color in Kommo, whether declared or chosen by Kommo).
 */
export class Status extends kommoResource<StatusArgs, StatusOutputs, "adopt">("Status", STATUS_COMPUTED) {}
