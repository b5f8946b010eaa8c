import * as pulumi from "@pulumi/pulumi";
import type { PipelineInputs, PipelineOutputs } from "../runtime/types";
import { installedAsPackage, runtime } from "./runtimeLoader";

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
  /** Position among the account's pipelines; Kommo keeps the number as sent. */
  sort: pulumi.Input<number>;
  /** Makes this the account's main pipeline. Default false. */
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
}

/** Exported only so unit tests can put it through Pulumi's closure serialization. */
export const pipelineProvider = {
  configure: (req) => runtime().configure(req),
  check: (olds, news) => runtime().pipeline.check(olds, news),
  diff: (id, olds, news) => runtime().pipeline.diff(id, olds, news),
  create: (inputs) => runtime().pipeline.create(inputs),
  read: (id, props) => runtime().pipeline.read(id, props as PipelineOutputs),
  update: (id, olds, news) => runtime().pipeline.update(id, olds, news),
  delete: (id, props) => runtime().pipeline.delete(id, props),
} satisfies pulumi.dynamic.ResourceProvider<PipelineInputs, PipelineOutputs>;

/** A Kommo lead pipeline. Every property updates in place; nothing about a pipeline replaces it. */
export class Pipeline extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly sort: pulumi.Output<number>;
  declare readonly isMain: pulumi.Output<boolean>;
  declare readonly isUnsortedOn: pulumi.Output<boolean>;
  declare readonly wonStatusName: pulumi.Output<string | undefined>;
  declare readonly lostStatusName: pulumi.Output<string | undefined>;
  /** Whether Kommo has archived the pipeline (read-only). */
  declare readonly isArchive: pulumi.Output<boolean>;
  declare readonly accountId: pulumi.Output<number>;
  /** Id of the pipeline's "Incoming leads" status. */
  declare readonly incomingStatusId: pulumi.Output<number>;
  /** Always 142 in Kommo; given for symmetry when wiring webhooks and automations. */
  declare readonly wonStatusId: pulumi.Output<number>;
  /** Always 143 in Kommo. */
  declare readonly lostStatusId: pulumi.Output<number>;
  declare readonly wonStatusLiveName: pulumi.Output<string>;
  declare readonly lostStatusLiveName: pulumi.Output<string>;
  /**
   * The pipeline's id as a number: pass it to `Status.pipelineId`. It is derived from the resource id, which
   * preview knows for an existing pipeline even while the pipeline is being updated.
   */
  readonly pipelineId: pulumi.Output<number>;

  constructor(name: string, args: PipelineArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      installedAsPackage() ? (require("../runtime/pipelineProvider") as typeof pipelineProvider) : pipelineProvider,
      name,
      {
        ...args,
        isArchive: undefined,
        accountId: undefined,
        incomingStatusId: undefined,
        wonStatusId: undefined,
        lostStatusId: undefined,
        wonStatusLiveName: undefined,
        lostStatusLiveName: undefined,
      },
      opts,
      "kommo",
      "Pipeline",
    );
    this.pipelineId = this.id.apply((id) => Number(id));
  }
}
