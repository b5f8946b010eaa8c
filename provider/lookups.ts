import * as E from "fp-ts/Either";
import * as pulumi from "@pulumi/pulumi";
import { LOST_STATUS_ID, WON_STATUS_ID, type KommoClient, type Pipeline, type Status } from "./client";
import { orThrow } from "./runtime/edge/errors";
import { clientFromSettings } from "./runtime/session/settings";
import { isIncoming } from "./runtime/status/systemStatuses";

/**
 * Lookups find pipelines and statuses that this stack does not manage (someone else's, or the account's default),
 * for resources that need their ids: a webhook on a status, say. They read Kommo from the program itself, with the
 * same settings as the provider (stack config, then environment), and never write.
 */
export interface PipelineLookup {
  pipelineId: number;
  name: string;
  isMain: boolean;
  incomingStatusId: number | undefined;
  wonStatusId: number;
  lostStatusId: number;
  /** Every status of the pipeline by name, system ones included. */
  statusIds: Record<string, number>;
}

export interface StatusLookup {
  statusId: number;
  pipelineId: number;
  name: string;
  color: string;
  sort: number;
}

/**
 * The settings as the provider reads them. The token is read as a secret (reading it plainly makes the SDK warn);
 * the ids found are not secret, so the result is unmarked again.
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

function one<T extends { id: number; name: string }>(
  found: readonly T[],
  what: string,
  name: string,
  where: string,
): T {
  const [first] = found;
  if (found.length === 1 && first) return first;
  if (!first) throw new Error(`Kommo lookup: no ${what} named "${name}" ${where}.`);
  throw new Error(
    `Kommo lookup: ${found.length} ${what}s are named "${name}" ${where} (ids ${found.map((f) => f.id).join(", ")}).`,
  );
}

const toPipeline = (p: Pipeline): PipelineLookup => {
  const statuses: readonly Status[] = p._embedded?.statuses ?? [];
  return {
    pipelineId: p.id,
    name: p.name,
    isMain: p.is_main,
    incomingStatusId: statuses.find(isIncoming)?.id,
    wonStatusId: WON_STATUS_ID,
    lostStatusId: LOST_STATUS_ID,
    statusIds: Object.fromEntries(statuses.map((s) => [s.name, s.id])),
  };
};

/** Finds a pipeline by its name on the account. */
export function lookupPipeline(args: { name: pulumi.Input<string> }): pulumi.Output<PipelineLookup> {
  return withClient([args.name], async (client, [name]) => {
    const all = await orThrow(client.listPipelines());
    return toPipeline(
      one(
        all.filter((p) => p.name === name),
        "pipeline",
        name as string,
        "on the account",
      ),
    );
  });
}

/** Finds a status by its name in a pipeline. */
export function lookupStatus(args: {
  pipelineId: pulumi.Input<number>;
  name: pulumi.Input<string>;
}): pulumi.Output<StatusLookup> {
  return withClient([args.pipelineId, args.name], async (client, [pipelineId, name]) => {
    const statuses = await orThrow(client.listStatuses(Number(pipelineId)));
    const s = one(
      statuses.filter((x) => x.name === name),
      "status",
      name as string,
      `in pipeline ${String(pipelineId)}`,
    );
    return { statusId: s.id, pipelineId: Number(pipelineId), name: s.name, color: s.color, sort: s.sort };
  });
}
