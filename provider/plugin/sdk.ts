import * as pulumi from "@pulumi/pulumi";
import { kommoResource } from "../resources/kommoResource";
import { PIPELINE_COMPUTED } from "../resources/pipeline";
import type { PipelineArgs } from "../resources/pipeline";
import { STATUS_COMPUTED } from "../resources/status";
import type { StatusArgs } from "../resources/status";
import type { PipelineLookup, StatusLookup } from "../runtime/lookups/find";
import type { PipelineOutputs, StatusOutputs } from "../runtime/types";

/**
 * The plugin face for TypeScript programs: the same resources, arguments and outputs as the package's top level,
 * registered as `kommo:index:*` and served by the `pulumi-resource-kommo` plugin. Use it for explicit providers
 * (several accounts in one program) and `pulumi import`; the README says how to choose and how to move a stack.
 */
export class Pipeline extends kommoResource<PipelineArgs, PipelineOutputs, "adopt" | "pipelineId">(
  "Pipeline",
  PIPELINE_COMPUTED,
  "plugin",
) {
  /** The pipeline's id as a number: pass it to `Status.pipelineId`. */
  readonly pipelineId: pulumi.Output<number>;

  constructor(name: string, args: PipelineArgs, opts?: pulumi.CustomResourceOptions) {
    super(name, args, opts);
    this.pipelineId = this.id.apply((id) => Number(id));
  }
}

/** A stage of a pipeline declared elsewhere, as the top-level `Status`. Import it as `<pipelineId>/<statusId>`. */
export class Status extends kommoResource<StatusArgs, StatusOutputs, "adopt">("Status", STATUS_COMPUTED, "plugin") {}

/**
 * The settings of one Kommo account. Left out, each falls back to the plugin process's environment (`KOMMO_*`), as
 * the engine hands an explicit provider its own arguments only, not the stack's `kommo:*` config.
 */
export interface ProviderArgs {
  subdomain?: pulumi.Input<string>;
  baseUrl?: pulumi.Input<string>;
  /** Always stored as a secret. */
  accessToken?: pulumi.Input<string>;
  rateLimit?: pulumi.Input<number>;
  requestTimeoutMs?: pulumi.Input<number>;
}

/**
 * An explicit provider: one Kommo account with its own session and limiter. Pass it as the `provider` option of
 * the resources of that account.
 */
export class Provider extends pulumi.ProviderResource {
  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const token = args.accessToken === undefined ? undefined : pulumi.secret(args.accessToken);
    super("kommo", name, { ...args, accessToken: token }, opts);
  }
}

/** The pipeline of this name on the account, served by the plugin (`kommo:index:getPipeline`). */
export function getPipeline(
  args: { name: pulumi.Input<string> },
  opts?: pulumi.InvokeOptions,
): pulumi.Output<PipelineLookup> {
  return pulumi.output(pulumi.runtime.invoke("kommo:index:getPipeline", args, opts) as Promise<PipelineLookup>);
}

/** The status of this name in a pipeline, served by the plugin (`kommo:index:getStatus`). */
export function getStatus(
  args: { pipelineId: pulumi.Input<number>; name: pulumi.Input<string> },
  opts?: pulumi.InvokeOptions,
): pulumi.Output<StatusLookup> {
  return pulumi.output(pulumi.runtime.invoke("kommo:index:getStatus", args, opts) as Promise<StatusLookup>);
}
