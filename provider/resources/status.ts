import * as pulumi from "@pulumi/pulumi";
import type { StatusColor } from "../client/codecs/status";
import type { StatusDescriptionInput, StatusInputs, StatusOutputs } from "../runtime/types";
import { installedAsPackage, runtime } from "./runtimeLoader";

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

/** Exported only so unit tests can put it through Pulumi's closure serialization. */
export const statusProvider = {
  configure: (req) => runtime().configure(req),
  check: (olds, news) => runtime().status.check(olds, news),
  diff: (id, olds, news) => runtime().status.diff(id, olds, news),
  create: (inputs) => runtime().status.create(inputs),
  read: (id, props) => runtime().status.read(id, props as StatusOutputs),
  update: (id, olds, news) => runtime().status.update(id, olds, news),
  delete: (id, props) => runtime().status.delete(id, props),
} satisfies pulumi.dynamic.ResourceProvider<StatusInputs, StatusOutputs>;

/** A stage of a Kommo pipeline. Only moving it to another pipeline replaces it. */
export class Status extends pulumi.dynamic.Resource {
  declare readonly pipelineId: pulumi.Output<number>;
  declare readonly name: pulumi.Output<string>;
  declare readonly sort: pulumi.Output<number>;
  declare readonly color: pulumi.Output<StatusColor | undefined>;
  declare readonly descriptions: pulumi.Output<StatusDescription[]>;
  /** The status id in Kommo, as a number. */
  declare readonly statusId: pulumi.Output<number>;
  /** 0 for a regular status. */
  declare readonly type: pulumi.Output<number>;
  declare readonly isEditable: pulumi.Output<boolean>;
  declare readonly accountId: pulumi.Output<number>;
  /** The sort number Kommo assigned after renumbering. */
  declare readonly assignedSort: pulumi.Output<number>;
  /** The color in Kommo, whether declared or chosen by Kommo. */
  declare readonly liveColor: pulumi.Output<string>;

  constructor(name: string, args: StatusArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      installedAsPackage() ? (require("../runtime/statusProvider") as typeof statusProvider) : statusProvider,
      name,
      {
        ...args,
        statusId: undefined,
        type: undefined,
        isEditable: undefined,
        accountId: undefined,
        assignedSort: undefined,
        liveColor: undefined,
      },
      opts,
      "kommo",
      "Status",
    );
  }
}
