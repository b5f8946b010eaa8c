import * as E from "fp-ts/Either";
import * as pulumi from "@pulumi/pulumi";
import type { KommoClient } from "./client";
import { findPipeline, findStatus } from "./runtime/lookups/find";
import type { PipelineLookup, StatusLookup } from "./runtime/lookups/find";
import { clientFromSettings } from "./runtime/session/settings";

export type { PipelineLookup, StatusLookup } from "./runtime/lookups/find";

/**
 * The lookups read Kommo from the program itself, with the same settings as the provider (stack config, then
 * environment). The token is read as a secret (reading it plainly makes the SDK warn); the ids found are not
 * secret, so the result is unmarked again.
 */
function withClient<A>(
  inputs: pulumi.Input<unknown>[],
  find: (client: KommoClient, values: unknown[]) => Promise<A>,
): pulumi.Output<A> {
  const config = new pulumi.Config("kommo");
  const token = config.getSecret("accessToken") ?? pulumi.output(undefined);
  const found = pulumi.all([token, ...inputs]).apply(async ([accessToken, ...values]) => {
    const settings: Record<string, string | undefined> = {
      "kommo:subdomain": config.get("subdomain"),
      "kommo:baseUrl": config.get("baseUrl"),
      "kommo:rateLimit": config.get("rateLimit"),
      "kommo:requestTimeoutMs": config.get("requestTimeoutMs"),
      "kommo:accessToken": accessToken,
    };
    const built = clientFromSettings((key: string) => settings[key], process.env);
    if (E.isLeft(built)) throw new Error(built.left);
    return find(built.right, values);
  });
  return pulumi.unsecret<A>(found);
}

/** Finds a pipeline by its name on the account: one that this stack does not manage, for its ids. */
export function lookupPipeline(args: { name: pulumi.Input<string> }): pulumi.Output<PipelineLookup> {
  return withClient([args.name], (client, [name]) => findPipeline(client, name as string));
}

/** Finds a status by its name in a pipeline. */
export function lookupStatus(args: {
  pipelineId: pulumi.Input<number>;
  name: pulumi.Input<string>;
}): pulumi.Output<StatusLookup> {
  return withClient([args.pipelineId, args.name], (client, [pipelineId, name]) =>
    findStatus(client, Number(pipelineId), name as string),
  );
}
